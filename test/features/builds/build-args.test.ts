import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/slack/command-args.js';
import { parseBuildArgs, parseStatusArgs } from '../../../src/features/builds/build-args.js';

const status = (text: string) => parseStatusArgs(parseArgs(text));
const build = (text: string) => parseBuildArgs(parseArgs(text));

describe('status arguments', () => {
  it('accepts a pipeline and filters', () => {
    expect(status('web branch:main state:failed limit:3')).toEqual({ ok: true, value: { pipeline: 'web', branch: 'main', state: 'failed', limit: 3 } });
    expect(status('')).toEqual({ ok: true, value: { pipeline: undefined, branch: undefined, state: undefined, limit: 5 } });
  });
  it.each(['<!here>', 'web extra', 'web limit:11', 'web state:sideways', 'web color:red', '`rm -rf`', 'web branch:"a b"'])('refuses %s', (text) => {
    expect(status(text).ok).toBe(false);
  });
});

describe('build arguments', () => {
  it('accepts pipeline and number, or a build URL (as Slack wraps it)', () => {
    expect(build('web 12')).toEqual({ ok: true, value: { pipeline: 'web', number: 12 } });
    expect(build('web #12')).toEqual({ ok: true, value: { pipeline: 'web', number: 12 } });
    expect(build('<https://buildkite.com/acme/web/builds/12>')).toEqual({ ok: true, value: { org: 'acme', pipeline: 'web', number: 12 } });
  });
  it.each(['web', 'web 0', 'web 1.5', 'web 99999999999999999999', '<!channel> 1', 'web 1 2'])('refuses %s', (text) => {
    expect(build(text).ok).toBe(false);
  });
});
