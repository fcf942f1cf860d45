import { describe, expect, it, vi } from 'vitest';
import { createLogger, redact } from '../src/logger.js';
import { withRequestContext } from '../src/observability/request-context.js';

describe('log redaction', () => {
  it.each([
    ['token=xoxb-123-456-abcDEF', 'xoxb'],
    ['app xapp-1-A0-123-abc', 'xapp-1'],
    ['authorization: Bearer eyJhbGciOi.abc.def', 'eyJhbGciOi'],
    ['grant_type=client_credentials&client_id=skc&client_secret=sup3rs3cret', 'sup3rs3cret'],
    ['{"client_secret":"sup3rs3cret"}', 'sup3rs3cret'],
    ["client_secret: 'sup3rs3cret'", 'sup3rs3cret'],
    ['link https://acme.scalekit.dev/magic/AbC123xyz_-9', 'AbC123xyz'],
    ['https://x.test/cb?code=abc123&state=s', 'abc123'],
  ])('removes the credential from %s', (line, secret) => {
    expect(redact(line)).not.toContain(secret);
  });
  it('keeps ordinary text', () => {
    expect(redact('tool retry_job for U0JANE ok (12 ms)')).toBe('tool retry_job for U0JANE ok (12 ms)');
  });
  it('keeps a sentence that names a variable without assigning it (a configuration error)', () => {
    expect(redact('  - SCALEKIT_CLIENT_SECRET is required')).toBe('  - SCALEKIT_CLIENT_SECRET is required');
  });
});

describe('LOG_FORMAT=text', () => {
  it('writes the lines it always has, byte for byte, whatever request they belong to', () => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    try {
      const logger = createLogger('debug', 'text');
      withRequestContext({ requestId: 'Ev0REQUEST', team: 'T0ACME', user: 'U0JANE', tool: 'get_build' }, () => {
        logger.debug('tool get_build for U0JANE ok (12 ms, execution exec_1)');
        logger.info('token xoxb-1-2-abc');
        logger.warn('count', 3);
      });
      createLogger('info').error(new Error('boom'));
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(stdout).toEqual(['[DEBUG]  buildkite-bot tool get_build for U0JANE ok (12 ms, execution exec_1)\n', '[INFO]  buildkite-bot token xox?-[redacted]\n']);
    expect(stderr[0]).toBe('[WARN]  buildkite-bot count 3\n');
    expect(stderr[1]).toMatch(/^\[ERROR\] {2}buildkite-bot Error: boom\n {4}at /);
  });
});
