import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, isToolName, scalekitToolName } from '../../src/buildkite/tools.js';

describe('tool catalogue', () => {
  it('has the 44 tools of the connector', () => {
    expect(TOOL_NAMES).toHaveLength(44);
    expect(isToolName('retry_job')).toBe(true);
    expect(isToolName('toString')).toBe(false);
    expect(scalekitToolName('retry_job')).toBe('buildkitemcp_retry_job');
  });
});
