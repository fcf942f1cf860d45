/**
 * Server-side pages in the MCP server's wrapper `{headers: {Link}, items}` with a REST-style Link
 * header, and the client-side page object get_failed_executions uses.
 */

export interface PageArgs {
  page?: number;
  per_page?: number;
}

export interface Paginated<T> {
  headers: { Link: string };
  items: T[];
}

/** REST caps per_page at 100; zero or negative values fall back to the tool's default. */
function pageBounds(args: PageArgs, defaultPerPage: number): { page: number; perPage: number } {
  const perPage = args.per_page && args.per_page > 0 ? Math.min(args.per_page, 100) : defaultPerPage;
  const page = args.page && args.page > 0 ? args.page : 1;
  return { page, perPage };
}

/**
 * `url` is the REST collection URL; `query` holds the filters the request carried (kept in the links
 * like REST does). The Link header is `""` when everything fits on one page.
 */
export function paginate<T>(
  all: T[],
  args: PageArgs,
  defaultPerPage: number,
  url: string,
  query: Record<string, string | undefined> = {},
): Paginated<T> {
  const { page, perPage } = pageBounds(args, defaultPerPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const filters = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  const link = (n: number, rel: string): string =>
    `<${url}?${[...filters, `page=${n}`, `per_page=${perPage}`].join('&')}>; rel="${rel}"`;
  const parts: string[] = [];
  if (page < last) parts.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) parts.push(link(1, 'first'), link(Math.min(page - 1, last), 'prev'));
  return { headers: { Link: parts.join(', ') }, items };
}

export interface ClientPage<T> {
  items: T[];
  page: number;
  per_page: number;
  total: number;
  total_pages: number;
  has_next: boolean;
  has_prev: boolean;
}

export function clientPaginate<T>(all: T[], args: PageArgs, defaultPerPage = 25): ClientPage<T> {
  const { page, perPage } = pageBounds(args, defaultPerPage);
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  return {
    items: all.slice((page - 1) * perPage, page * perPage),
    page,
    per_page: perPage,
    total: all.length,
    total_pages: totalPages,
    has_next: page < totalPages,
    has_prev: page > 1,
  };
}
