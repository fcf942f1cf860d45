import { describe, expect, it } from 'vitest';
import { failureReason, unwrapToolData } from '../../src/scalekit/envelope.js';
import { classifyToolText, unexpectedProperties } from '../../src/scalekit/tool-failures.js';

describe('unwrapToolData accepts every envelope Scalekit may use', () => {
  const user = { id: 'u1', name: 'Jane' };
  it('the parsed object itself', () => {
    expect(unwrapToolData(user)).toEqual({ ok: true, value: user });
  });
  it('the raw MCP result with a JSON text block', () => {
    expect(unwrapToolData({ content: [{ type: 'text', text: JSON.stringify(user) }] })).toEqual({ ok: true, value: user });
  });
  it('a result string holding JSON, and a result value', () => {
    expect(unwrapToolData({ result: JSON.stringify([{ id: 'r' }]) })).toEqual({ ok: true, value: [{ id: 'r' }] });
    expect(unwrapToolData({ result: null })).toEqual({ ok: true, value: null });
    expect(unwrapToolData({ result: '"Cluster queue dispatch resumed successfully"' })).toEqual({
      ok: true,
      value: 'Cluster queue dispatch resumed successfully',
    });
  });
  it('an MCP error result is a failure carrying its text', () => {
    expect(unwrapToolData({ content: [{ type: 'text', text: '{"message":"Not Found"}' }], isError: true })).toEqual({
      ok: false,
      text: '{"message":"Not Found"}',
    });
  });
  it("Buildkite's error body is a failure even without isError", () => {
    const r = unwrapToolData({ message: 'Only failed, timed out or canceled jobs can be retried' });
    expect(r.ok).toBe(false);
  });
  it('an object that merely has a message among other keys is a value', () => {
    const build = { id: 'b1', number: 1, message: 'Fix flaky test', state: 'passed' };
    expect(unwrapToolData(build)).toEqual({ ok: true, value: build });
  });
});

describe('failure texts in words', () => {
  it("quotes Buildkite's message and its errors", () => {
    expect(failureReason('{"message":"Validation Failed","errors":["name is required"]}')).toBe('Validation Failed: name is required');
    expect(failureReason('validating "arguments": validating root: required: missing properties: ["build_number"]')).toContain('build_number');
  });
  it('maps texts to typed errors', () => {
    expect(classifyToolText('{"message":"Not Found"}').kind).toBe('not_found');
    expect(classifyToolText('buildkite: unauthorized').kind).toBe('not_connected');
    const invalid = classifyToolText('{"message":"Only failed, timed out or canceled jobs can be retried"}');
    expect(invalid.kind).toBe('invalid');
    expect(invalid.message).toBe('Only failed, timed out or canceled jobs can be retried');
    expect(classifyToolText('{"message":"Internal Server Error"}').kind).toBe('unavailable');
  });
});

describe('arguments a newer server refuses', () => {
  it('reads the property names from the MCP server schema error', () => {
    expect(unexpectedProperties('validating "arguments": validating root: unexpected additional properties ["detail_level" "job_state"]')).toEqual(['detail_level', 'job_state']);
    expect(unexpectedProperties('Only failed, timed out or canceled jobs can be retried')).toEqual([]);
    // Buildkite text that merely quotes the phrase (user input echoed back) teaches nothing.
    expect(unexpectedProperties('Validation Failed: release-name "x unexpected additional properties ["fields"]"')).toEqual([]);
    expect(unexpectedProperties('validating "arguments": validating root: unexpected additional properties ["fields"] and more')).toEqual([]);
  });
});
