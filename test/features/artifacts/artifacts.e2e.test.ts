import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, textOf } from '../../harness/harness.js';
import { ask, clickOnMessage, clickPrivate, findButton, firstPost } from '../../harness/interactions.js';
import { type FailedBuild, startWithFailedBuild } from '../../harness/failed-build.js';

describe('artifacts from Slack', () => {
  let h: Harness;
  let build: FailedBuild['build'];
  let card: FailedBuild['card'];

  beforeAll(async () => {
    ({ h, build, card } = await startWithFailedBuild());
  });
  afterAll(async () => h.stop());

  it('artifacts list with sizes; Download sends the bytes to the requester (get_artifact)', async () => {
    const message = await card();
    const list = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'list_artifacts'));
    const reply = await firstPost(h, list.responseUrl, 'artifacts');
    expect(h.scalekit.countTool('list_artifacts_for_build')).toBe(1);
    expect(textOf(reply)).toContain('`coverage/report.txt` · 11 B');
    const dl = await clickPrivate(h, 'U0JANE', findButton(reply, 'download_artifact:'));
    await firstPost(h, dl.responseUrl, 'download');
    expect(h.scalekit.countTool('get_artifact')).toBe(1);
    const file = h.slack.uploads(h.slack.dmChannelOf('U0JANE')).find((f) => f.filename === 'report.txt');
    expect(file?.content?.toString()).toBe('covered 93%');
    const forJob = await ask(h, 'U0JANE', `artifacts web ${build.number} ${build.jobIds[0]}`);
    expect(h.scalekit.countTool('list_artifacts_for_job')).toBeGreaterThanOrEqual(1);
    expect(textOf(forJob)).toContain('coverage/report.txt');
  });

  it('an artifact of unknown size is treated as too big: linked, never downloaded nor uploaded', async () => {
    h.org.addPipeline({ slug: 'dumps', name: 'Dumps' });
    const big = h.org.addBuild({
      pipeline: 'dumps', state: 'failed', branch: 'main', commit: 'c'.repeat(40), message: 'Core dump', creator: h.org.listUsers()[0]!.id,
      jobs: [{ name: 'crash', state: 'failed', exitStatus: 139, artifacts: [{ path: 'core.dump', content: Buffer.alloc(30 * 1024 * 1024), sizeUnknown: true }] }],
    });
    const listed = await ask(h, 'U0JANE', `artifacts dumps ${big.number}`);
    expect(textOf(listed)).toContain('`core.dump` · unknown size');
    h.scalekit.resetCounters();
    const uploadsBefore = h.slack.uploads().length;
    const dl = await clickPrivate(h, 'U0JANE', findButton(listed, 'download_artifact:'));
    const reply = await firstPost(h, dl.responseUrl, 'download');
    expect(textOf(reply)).toContain('download it from Buildkite');
    expect(h.scalekit.countTool('get_artifact')).toBe(0);
    expect(h.slack.uploads().length).toBe(uploadsBefore);
  });
});
