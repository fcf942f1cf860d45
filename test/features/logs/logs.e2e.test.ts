import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';
import { ask, clickPrivate, findButton, firstPost } from '../../harness/interactions.js';

const SECRET = 'abcdEFGHijklMNOPqrstUVWXyz0123456789SECRET';

describe('logs and job environment from Slack', () => {
  let h: Harness;
  let build: { number: number; jobIds: string[] };

  beforeAll(async () => {
    h = await startHarness();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    h.org.addPipeline({ slug: 'web', name: 'Web' });
    const lines = Array.from({ length: 120 }, (_, i) => `line ${String(i).padStart(3, '0')} ${'compiling module '.repeat(4)}<!here>`);
    lines[100] = `export AWS_SECRET_ACCESS_KEY=${SECRET}`;
    lines[110] = 'Failure: expected 2 got 3';
    build = h.org.addBuild({
      pipeline: 'web', state: 'failed', branch: 'main', commit: 'a'.repeat(40), message: 'Logs', creator: jane,
      jobs: [
        { name: 'Lint', state: 'passed', logLines: ['lint ok'] },
        { name: ':rspec: Tests', state: 'failed', exitStatus: 1, logLines: lines, env: { DATABASE_PASSWORD: 'hunter2hunter2' } },
      ],
    });
  });
  afterAll(async () => h.stop());

  it('a tail over 3000 characters arrives whole as a file in the DM, secrets masked; More pages back with read_logs', async () => {
    h.scalekit.resetCounters();
    const reply = await ask(h, 'U0JANE', `logs web ${build.number}`);
    expect(h.scalekit.countTool('tail_logs')).toBe(1);
    expect(reply.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('sent to you as the file');
    const [file] = h.slack.uploads(h.slack.dmChannelOf('U0JANE'));
    expect(file).toBeDefined();
    const content = file!.content!.toString('utf8');
    expect(content.length).toBeGreaterThan(3000);
    expect(content.split('\n')).toHaveLength(50);
    expect(content).toContain('line 070');
    expect(content).toContain('line 119');
    expect(content).toContain('Failure: expected 2 got 3');
    expect(content).toContain('AWS_SECRET_ACCESS_KEY=••••••');
    expect(content).not.toContain(SECRET);
    expect(h.slack.callsTo('files.completeUploadExternal').every((c) => c.ok)).toBe(true);

    const more = await clickPrivate(h, 'U0JANE', findButton(reply, 'logs_more'));
    const page = await firstPost(h, more.responseUrl, 'more');
    expect(h.scalekit.countTool('read_logs')).toBe(1);
    const read = h.org.calls.find((c) => c.tool === 'read_logs')!;
    // Rows 21–70, with the 20 rows above them read to be masked with them (never shown).
    expect(read.input).toMatchObject({ seek: 0, limit: 70 });
    expect(textOf(page)).not.toContain('line 019');
    expect(textOf(page)).toContain('Rows 21–70');
  });

  it('a short tail stays in the message, escaped; search shows matches with row numbers and context', async () => {
    const reply = await ask(h, 'U0JANE', `logs web ${build.number} Lint`);
    expect(textOf(reply)).toContain('lint ok');
    const search = await ask(h, 'U0JANE', `logs web ${build.number} Tests search:"/expected \\d+/" context:1`);
    expect(h.scalekit.countTool('search_logs')).toBe(1);
    const text = textOf(search);
    expect(text).toContain('110: Failure: expected 2 got 3');
    expect(text).toContain('109-');
    expect(text).toContain('&lt;!here&gt;');
    expect(text).not.toContain('<!here>');
  });

  it('search honours /…/i (and Go’s inline flags for s and m); an unknown flag is explained', async () => {
    const insensitive = textOf(await ask(h, 'U0JANE', `logs web ${build.number} Tests search:"/FAILURE: EXPECTED/i"`));
    expect(insensitive).toContain('Failure: expected 2 got 3');
    const sent = h.org.calls.filter((c) => c.tool === 'search_logs').at(-1)!;
    expect(sent.input).toMatchObject({ pattern: 'FAILURE: EXPECTED', case_sensitive: false });
    expect(textOf(await ask(h, 'U0JANE', `logs web ${build.number} Tests search:"/x/q"`))).toContain('`q` is not a flag a log search takes');
  });

  it('the job environment is private and masked outside the allow-list', async () => {
    const reply = await ask(h, 'U0JANE', `logs web ${build.number} Lint`);
    const sent = await clickPrivate(h, 'U0JANE', findButton(reply, 'job_env'));
    const env = await firstPost(h, sent.responseUrl, 'env');
    expect(h.scalekit.countTool('get_job_env')).toBeGreaterThanOrEqual(1);
    const text = textOf(env);
    expect((env as { response_type?: string }).response_type).toBe('ephemeral');
    expect(text).toContain('`BUILDKITE_BRANCH` = `main`');
    const direct = await ask(h, 'U0JANE', `env web ${build.number}`);
    expect(textOf(direct)).toContain('`DATABASE_PASSWORD` = ••••••');
    expect(textOf(direct)).not.toContain('hunter2hunter2');
  });

});
