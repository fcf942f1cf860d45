import { failureReason } from './envelope.js';
import { type GatewayError, Forbidden, Invalid, NotConnected, NotFound, NotOffered, Unavailable, rateLimited } from './errors.js';

// A tool's failure in one of the gateway's words. Buildkite's MCP server passes a REST error on as the
// raw body (`{"message":"Not Found"}`), without its HTTP status, and Scalekit adds only a symbolic code
// (`ToolErrorInfo.tool_error_code`: `TOOL_EXEC_FAILED`, `RATE_LIMITED`, `UNAUTHORIZED`, `FORBIDDEN`, …,
// undocumented). So a code is used only when it is one of those known; otherwise the words decide.

/** Scalekit's symbolic tool error codes whose meaning is settled (Scalekit's SDK tests use them). */
const KNOWN_CODES: Record<string, (text: string) => GatewayError> = {
  UNAUTHORIZED: () => new NotConnected('expired'),
  FORBIDDEN: (text) => new Forbidden(failureReason(text) || 'Forbidden'),
  RATE_LIMITED: (text) => rateLimited(text),
};

/**
 * Scalekit's answer for a tool its connector lacks is undocumented; its own live tests accept "invalid
 * tool", "tool not found" and "failed to get tool" (and "invalid argument", too vague to go by alone).
 * The MCP server's own, if a call gets through, is `unknown tool "x"`.
 */
const TOOL_MISSING = /\binvalid tool\b|\btool not found\b|\bfailed to get tool\b|\bunknown tool\b/i;

/** Buildkite's rate limit in words: the hosted server's sentence, or a REST 429's. */
const RATE_LIMIT_WORDS = /exceeded (?:your|the) (?:API )?rate limit|rate limit(?:ed| exceeded| of \d+)|too many requests/i;

/** A token without the scope, or a user without the permission (Buildkite's 403 bodies). */
const REFUSED_WORDS = /\bscope\b|^forbidden$|\bnot (?:allowed|permitted)\b|\bpermission\b|\baccess denied\b/i;

/** Buildkite itself failing (a 5xx body), not saying no. */
const OUTAGE_WORDS = /^(?:internal server error|bad gateway|service unavailable|gateway time-?out)\.?$/i;

/** Whether a failure's text is one of the wordings for "this tool does not exist here". */
export function saysToolMissing(text: string): boolean {
  return TOOL_MISSING.test(text);
}

/** The tool a "missing tool" text names, for the log and NotOffered. */
export function toolNamedIn(text: string, fallback: string): string {
  return /buildkitemcp_([a-z_]+)|unknown tool "([a-z_]+)"/.exec(text)?.slice(1).find(Boolean) ?? fallback;
}

/** A tool's failure, from its text and Scalekit's symbolic code when it is one we know. */
export function classifyToolFailure(text: string, code?: string): GatewayError {
  const known = code ? KNOWN_CODES[code.trim().toUpperCase()] : undefined;
  return known ? known(text) : classifyToolText(text);
}

/** A tool's failure from its words alone. */
export function classifyToolText(text: string): GatewayError {
  const reason = failureReason(text);
  if (/^buildkite: unauthorized/i.test(reason) || /^unauthorized$/i.test(reason)) return new NotConnected('expired');
  if (RATE_LIMIT_WORDS.test(reason) || isRateLimitBody(text)) return rateLimited(text);
  const missing = /^unknown tool "([a-z_]+)"$/.exec(reason.trim());
  if (missing) return new NotOffered(missing[1]!);
  if (REFUSED_WORDS.test(reason)) return new Forbidden(reason);
  if (/^not found$/i.test(reason.trim())) return new NotFound(reason);
  if (OUTAGE_WORDS.test(reason.trim())) return new Unavailable('outage', reason);
  return new Invalid(reason);
}

/** The hosted server's rate-limit body carries `limit`, `current` and `reset` besides its message. */
function isRateLimitBody(text: string): boolean {
  const body = /\{[\s\S]*\}\s*$/.exec(text)?.[0];
  if (!body) return false;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return typeof parsed.reset === 'number' && typeof parsed.limit === 'number';
  } catch {
    return false;
  }
}

/**
 * The MCP server's own schema refusal: `validating "arguments": validating root: unexpected additional
 * properties ["detail_level" "job_state"]` → the property names. Scalekit may put a short plain prefix
 * before it (`tool execution failed: …`). The phrase must end the text, and what precedes it may hold no
 * quote, bracket or brace: Buildkite's own messages quote user input (a name, a field) and come as JSON,
 * so an echo of the phrase inside one of them teaches nothing.
 */
const SCHEMA_REFUSAL = /^(?:[^"'`{}[\]\n]{1,120}:\s*)?validating "arguments": validating root: unexpected additional properties \[((?:"[a-z_]{1,64}" ?){1,20})\]$/;

export function unexpectedProperties(text: string): string[] {
  const list = SCHEMA_REFUSAL.exec(text.trim())?.[1];
  return list ? [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]!) : [];
}
