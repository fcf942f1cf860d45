import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.js';
import { withRequestContext } from '../src/observability/request-context.js';

/** What the process's stdout and stderr receive while `log` runs (the product's own outputs, log-output.ts). */
function written(log: () => void): { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  try {
    log();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { stdout, stderr };
}

const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

afterEach(() => vi.restoreAllMocks());

describe('LOG_FORMAT=json', () => {
  it('writes one JSON object per line: time, level, name, message; debug and info on stdout, warn and error on stderr', () => {
    const logger = createLogger('debug', 'json');
    const { stdout, stderr } = written(() => {
      logger.debug('a debug line');
      logger.info('started', 3, 'things');
      logger.warn('careful');
      logger.error('broken');
    });
    expect(stdout.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(parsed(stdout)).toEqual([
      { time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), level: 'debug', name: 'buildkite-bot', message: 'a debug line' },
      { time: expect.any(String), level: 'info', name: 'buildkite-bot', message: 'started 3 things' },
    ]);
    expect(parsed(stderr).map((line) => [line.level, line.message])).toEqual([['warn', 'careful'], ['error', 'broken']]);
  });

  it('keeps to the level', () => {
    const logger = createLogger('warn', 'json');
    const { stdout, stderr } = written(() => {
      logger.info('not shown');
      logger.warn('shown');
    });
    expect(stdout).toEqual([]);
    expect(parsed(stderr).map((line) => line.message)).toEqual(['shown']);
  });

  it('carries the request and tool call it was written in, and nothing of them outside one', () => {
    const logger = createLogger('debug', 'json');
    const { stdout } = written(() => {
      withRequestContext({ requestId: 'Ev0REQUEST', team: 'T0ACME', user: 'U0JANE' }, () => {
        logger.info('in the request');
        withRequestContext({ tool: 'get_build' }, () => logger.info('in the call'));
      });
      logger.info('outside');
    });
    const [inRequest, inCall, outside] = parsed(stdout);
    expect(inRequest).toMatchObject({ request_id: 'Ev0REQUEST', team: 'T0ACME', user: 'U0JANE', message: 'in the request' });
    expect(inRequest).not.toHaveProperty('tool');
    expect(inCall).toMatchObject({ request_id: 'Ev0REQUEST', team: 'T0ACME', user: 'U0JANE', tool: 'get_build' });
    expect(Object.keys(outside!).sort()).toEqual(['level', 'message', 'name', 'time']);
  });

  it.each([
    ['a Slack token', 'posting with xoxb-1234-5678-abcDEFghiJKL failed', 'abcDEFghiJKL'],
    ['a TOKEN=… assignment', 'the job printed GITHUB_TOKEN=ghp_aaaaBBBBccccDDDDeeeeFFFFgggg1234', 'ghp_aaaaBBBB'],
    ['a password in a URL', 'cloning https://deploy:s3cr3tPassw0rd@git.example.com/repo.git', 's3cr3tPassw0rd'],
    ['an authorization link', 'sent https://acme.scalekit.dev/magic/AbC123xyz_-9LinkSecret to U0JANE', 'AbC123xyz_-9LinkSecret'],
  ])('masks %s, as text logs and cards do', (_what, message, secret) => {
    const logger = createLogger('info', 'json');
    const { stdout } = written(() => logger.info(message));
    expect(stdout.join('')).not.toContain(secret);
    expect(parsed(stdout)[0]!.message).toEqual(expect.any(String));
  });

  it('writes an Error, even one nested in an object, as its masked message and stack', () => {
    const logger = createLogger('info', 'json');
    const failure = new Error('Slack said no to xoxb-1234-5678-abcDEFghiJKL');
    const { stderr } = written(() => {
      logger.error(failure);
      logger.error('while posting', { cause: new Error('DB_PASSWORD=hunter2hunter2 was refused') });
    });
    const [direct, nested] = parsed(stderr);
    expect(direct!.message).toContain('Error: Slack said no to xox?-[redacted]');
    expect(direct!.message).toContain('json-logger.test.ts');
    expect(nested!.message).toContain('while posting');
    expect(nested!.message).toContain('DB_PASSWORD=');
    expect(nested!.message).toContain('json-logger.test.ts');
    expect(stderr.join('')).not.toContain('hunter2hunter2');
  });

  it('never throws: a message that cannot be formatted is dropped', () => {
    const logger = createLogger('info', 'json');
    const hostile = {
      [Symbol.for('nodejs.util.inspect.custom')]: () => {
        throw new Error('no');
      },
    };
    const { stdout } = written(() => {
      expect(() => logger.info('x', hostile)).not.toThrow();
      logger.info('after');
    });
    expect(parsed(stdout).map((line) => line.message)).toEqual(['after']);
  });
});
