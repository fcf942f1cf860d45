import { NEWER_TOOL_NAMES, type ToolName, scalekitToolName } from '../buildkite/tools.js';
import type { Logger } from '../logger.js';

/** A resync of the connector may add tools at any time: the listing and what failed are asked again after this. */
export const OFFERING_TTL_MS = 60 * 60_000;

/** A tool of the catalogue that every connector has: a listing without it did not list this connector's tools. */
const WITNESS: ToolName = 'get_build';

/**
 * Which optional tools (those of newer Buildkite MCP servers: list_jobs, get_job, …) the connector offers.
 * Scalekit is asked at start-up and again when its answer is an hour old (`ToolService.ListTools`,
 * filtered by those names); a tool it does not list is NotOffered without being called. When the
 * listing fails or answers nothing recognisable, the tools are simply tried, and a failure that says
 * the tool is missing is remembered for an hour. The 44 tools of the catalogue are always called.
 */
export class ConnectorOffering {
  private listed: ReadonlySet<string> | undefined;
  private listedAt = 0;
  private listing: Promise<void> | undefined;
  private readonly missingSince = new Map<ToolName, number>();

  constructor(
    /** Scalekit's names (`buildkitemcp_list_jobs`) of the asked tools that exist. */
    private readonly list: (toolNames: string[]) => Promise<string[]>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Asks Scalekit now; a failure keeps what was known and is only logged (the tools are then tried). */
  refresh(): Promise<void> {
    this.listing ??= this.listOnce().finally(() => {
      this.listing = undefined;
    });
    return this.listing;
  }

  /**
   * false: known not to be offered (do not call it). true: call it. An optional tool is judged by the
   * listing, a stale one asked for again in the background.
   */
  mayCall(tool: ToolName): boolean {
    const missing = this.missingSince.get(tool);
    if (missing !== undefined && this.now() - missing < OFFERING_TTL_MS) return false;
    if (!NEWER_TOOL_NAMES.includes(tool)) return true;
    if (this.now() - this.listedAt >= OFFERING_TTL_MS) void this.refresh();
    return this.listed === undefined || this.listed.has(scalekitToolName(tool));
  }

  /** The tool was called and the connector turned out not to have it. */
  markMissing(tool: ToolName): void {
    const since = this.missingSince.get(tool);
    if (since === undefined || this.now() - since >= OFFERING_TTL_MS) this.logger.info(`the connector does not offer ${tool}: not asked again for an hour`);
    this.missingSince.set(tool, this.now());
  }

  private async listOnce(): Promise<void> {
    const asked = [WITNESS, ...NEWER_TOOL_NAMES].map(scalekitToolName);
    try {
      const names = new Set(await this.list(asked));
      this.listedAt = this.now();
      if (!names.has(scalekitToolName(WITNESS))) {
        // Not this connector's tools (another filter's meaning, an empty workspace listing): no verdict.
        this.listed = undefined;
        this.logger.warn(`Scalekit's tool listing did not include ${WITNESS}: newer tools are tried instead`);
        return;
      }
      this.listed = names;
      for (const tool of NEWER_TOOL_NAMES) if (names.has(scalekitToolName(tool))) this.missingSince.delete(tool);
      const offered = NEWER_TOOL_NAMES.filter((tool) => names.has(scalekitToolName(tool)));
      this.logger.info(`the connector offers ${offered.length > 0 ? offered.join(', ') : 'none'} of the newer tools (${NEWER_TOOL_NAMES.join(', ')})`);
    } catch (error) {
      // Retried after a while, not at once: an unanswered listing must not add a call to every request.
      this.listedAt = this.now() - OFFERING_TTL_MS + 5 * 60_000;
      this.logger.warn(`Scalekit did not list the connector's tools (${error instanceof Error ? error.message : String(error)}): newer tools are tried instead`);
    }
  }
}
