/**
 * Scalekit does not document how it wraps an MCP tool result inside `ExecuteToolResponse.data`, and a
 * protobuf Struct must be an object, so every known form is accepted here (see platform facts):
 *   1. `data` is the tool's JSON object itself;
 *   2. `data = { content: [{ type: 'text', text: '<json>' }], isError?: boolean }` — the raw MCP result;
 *   3. `data = { result: '<json string>' }` or `{ result: <value> }`.
 * A result flagged `isError`, or whose value is Buildkite's error body `{"message": …}`, is a failure.
 */
export type Unwrapped = { ok: true; value: unknown } | { ok: false; text: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses JSON when the text is JSON; otherwise keeps the text (a bare message is still a value). */
function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function mcpText(data: Json): string | undefined {
  const content = data.content;
  if (!Array.isArray(content)) return undefined;
  const texts = content.filter((c): c is { type: 'text'; text: string } => isObject(c) && c.type === 'text' && typeof c.text === 'string');
  return texts.length > 0 ? texts.map((t) => t.text).join('') : undefined;
}

/**
 * Buildkite's REST error body: `{"message": …}`, perhaps with `errors`, or with a rate limit's `scope`,
 * `limit`, `current`, `reset`. Every resource the bot reads has an `id`; an object with a string
 * `message` and none is an error, never a value (a partial schema would otherwise accept it).
 */
function isBuildkiteErrorBody(value: unknown): value is { message: string; errors?: unknown } {
  return isObject(value) && typeof value.message === 'string' && !('id' in value);
}

export function unwrapToolData(data: Json | undefined): Unwrapped {
  if (data === undefined) return { ok: true, value: null };
  let value: unknown;
  const text = mcpText(data);
  if (text !== undefined) {
    if (data.isError === true) return { ok: false, text };
    value = parseMaybeJson(text);
  } else if ('result' in data && Object.keys(data).length === 1) {
    value = typeof data.result === 'string' ? parseMaybeJson(data.result) : data.result;
  } else {
    if (data.isError === true) return { ok: false, text: JSON.stringify(data) };
    value = data;
  }
  if (isBuildkiteErrorBody(value)) return { ok: false, text: JSON.stringify(value) };
  return { ok: true, value };
}

/**
 * Turns the text of a tool failure into words for a person: Buildkite's `message` (with its `errors`),
 * or the MCP server's own validation text as it is.
 */
export function failureReason(text: string): string {
  const parsed = parseMaybeJson(withoutPrefix(text.trim()));
  if (isObject(parsed) && typeof parsed.message === 'string') {
    const errors = Array.isArray(parsed.errors) ? parsed.errors.filter((e) => typeof e === 'string') : [];
    return errors.length > 0 ? `${parsed.message}: ${errors.join(', ')}` : parsed.message;
  }
  if (typeof parsed === 'string') return parsed;
  return text.trim();
}

/**
 * Scalekit may put its own words before the tool's text (`tool execution failed: {"message":…}`): a
 * short plain prefix before a JSON body is dropped, so Buildkite's body is read as such.
 */
function withoutPrefix(text: string): string {
  const prefixed = /^[A-Za-z][\w .-]{0,79}:\s*(\{[\s\S]*\})$/.exec(text);
  return prefixed && isObject(parseMaybeJson(prefixed[1]!)) ? prefixed[1]! : text;
}
