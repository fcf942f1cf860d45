import { describe, expect, it } from 'vitest';
import { Forbidden, NotConnected, NotOffered, Unavailable, rateLimited } from '../../src/scalekit/errors.js';
import { unwrapToolData } from '../../src/scalekit/envelope.js';
import { classifyToolFailure, saysToolMissing, unexpectedProperties } from '../../src/scalekit/tool-failures.js';

const RATE_LIMIT_BODY = '{"message":"You have exceeded your API rate limit. Please wait 28 seconds before making more requests.","scope":"mcp","limit":50,"current":55,"reset":28}';
const MISSING_SCOPE = '{"message":"Your access token does not have the required `read_builds` scope"}';

describe("a tool's failure, by Scalekit's symbolic code when known, else by Buildkite's words", () => {
  it('uses the codes whose meaning is settled', () => {
    expect(classifyToolFailure('Provider token expired', 'UNAUTHORIZED')).toBeInstanceOf(NotConnected);
    const forbidden = classifyToolFailure(MISSING_SCOPE, 'FORBIDDEN');
    expect(forbidden).toBeInstanceOf(Forbidden);
    expect(forbidden.message).toContain('read_builds');
    const limited = classifyToolFailure(RATE_LIMIT_BODY, 'RATE_LIMITED') as Unavailable;
    expect([limited.why, limited.retryAfterSeconds, limited.limiter]).toEqual(['rate_limited', 28, 'buildkite']);
  });

  it('reads the words for a generic code, an unknown one or none, never a number', () => {
    for (const code of ['TOOL_EXEC_FAILED', 'EXEC_FAILED', 'SOMETHING_NEW', '404', '', undefined]) {
      expect(classifyToolFailure('{"message":"Not Found"}', code).kind).toBe('not_found');
      expect(classifyToolFailure(MISSING_SCOPE, code).kind).toBe('forbidden');
      expect(classifyToolFailure('{"message":"Only failed, timed out or canceled jobs can be retried"}', code).kind).toBe('invalid');
      expect(classifyToolFailure('buildkite: unauthorized', code).kind).toBe('not_connected');
    }
    // A number is not a code we know: "403" with words of a refusal still reads as what the words say.
    expect(classifyToolFailure('{"message":"Jobs from canceled builds cannot be retried"}', '403').kind).toBe('invalid');
  });

  it('a missing scope is Forbidden with the scope named, not Invalid', () => {
    const error = classifyToolFailure(MISSING_SCOPE, 'TOOL_EXEC_FAILED');
    expect(error).toBeInstanceOf(Forbidden);
    expect(error.message).toBe('Your access token does not have the required `read_builds` scope');
    expect(classifyToolFailure('{"message":"Forbidden"}').kind).toBe('forbidden');
  });

  it('Buildkite’s rate limit as it surfaces: the JSON body, the sentence alone, a prefixed body', () => {
    for (const text of [RATE_LIMIT_BODY, 'You have exceeded your API rate limit. Please wait 28 seconds before making more requests.', `tool execution failed: ${RATE_LIMIT_BODY}`]) {
      const error = classifyToolFailure(text, 'TOOL_EXEC_FAILED') as Unavailable;
      expect(error).toBeInstanceOf(Unavailable);
      expect(error.why).toBe('rate_limited');
      expect(error.retryAfterSeconds).toBe(28);
    }
    expect((classifyToolFailure('{"message":"Too Many Requests"}') as Unavailable).why).toBe('rate_limited');
    expect(rateLimited('Retry-After: 7').retryAfterSeconds).toBe(7);
    expect(rateLimited('try again in 5s').retryAfterSeconds).toBe(5);
    expect(rateLimited('slow down').retryAfterSeconds).toBeUndefined();
  });

  it('Scalekit’s prefix before a Buildkite body does not hide it', () => {
    expect(classifyToolFailure('tool execution failed: {"message":"Not Found"}').kind).toBe('not_found');
    expect(classifyToolFailure('tool execution failed: {"message":"Validation Failed","errors":["Branch can\'t be blank"]}').message).toBe("Validation Failed: Branch can't be blank");
  });

  it('Buildkite failing is an outage; the MCP server’s unknown tool is NotOffered', () => {
    expect((classifyToolFailure('{"message":"Internal Server Error"}') as Unavailable).why).toBe('outage');
    expect(classifyToolFailure('unknown tool "list_jobs"')).toEqual(new NotOffered('list_jobs'));
  });

  it('knows every wording Scalekit’s own tests accept for a missing tool', () => {
    for (const text of ['tool not found: buildkitemcp_list_jobs', 'invalid tool: buildkitemcp_list_jobs', 'failed to get tool buildkitemcp_list_jobs: record not found', '[not_found] Tool Not Found', 'unknown tool "get_job"']) {
      expect(saysToolMissing(text)).toBe(true);
    }
    // Too vague alone: decided by the gateway, for optional tools only.
    expect(saysToolMissing('invalid argument')).toBe(false);
    expect(saysToolMissing('{"message":"Not Found"}')).toBe(false);
  });
});

describe('an error body is never a value', () => {
  it('an object with a string message and no id is a failure, whatever else it carries', () => {
    expect(unwrapToolData(JSON.parse(RATE_LIMIT_BODY) as Record<string, unknown>)).toEqual({ ok: false, text: RATE_LIMIT_BODY });
    expect(unwrapToolData({ result: JSON.parse(RATE_LIMIT_BODY) as unknown }).ok).toBe(false);
    expect(unwrapToolData({ content: [{ type: 'text', text: '{"message":"Not Found","documentation_url":"x"}' }] }).ok).toBe(false);
    expect(unwrapToolData({ id: 'b1', message: 'Fix the build', state: 'passed' }).ok).toBe(true);
  });
});

describe('what a newer server refuses, wherever Scalekit puts it', () => {
  const phrase = 'validating "arguments": validating root: unexpected additional properties ["detail_level"]';
  it('finds the phrase whole or after a short plain prefix', () => {
    expect(unexpectedProperties(phrase)).toEqual(['detail_level']);
    expect(unexpectedProperties(`tool execution failed: ${phrase}`)).toEqual(['detail_level']);
    expect(unexpectedProperties(`[internal] tool execution failed: ${phrase}`)).toEqual([]);
  });
  it('learns nothing from user input echoed back', () => {
    expect(unexpectedProperties(JSON.stringify({ message: phrase }))).toEqual([]);
    expect(unexpectedProperties(`{"message":"Validation Failed: ${phrase}"}`)).toEqual([]);
    expect(unexpectedProperties(`Pipeline "x: ${phrase}`)).toEqual([]);
    expect(unexpectedProperties(`Name 'a: ${phrase}`)).toEqual([]);
    expect(unexpectedProperties(`${phrase} and more`)).toEqual([]);
    expect(unexpectedProperties(`line one\nnote: ${phrase}`)).toEqual([]);
  });
});
