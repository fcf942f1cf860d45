import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, textOf } from '../../harness/harness.js';
import { ask, buttons, clickOnMessage, clickPrivate, findButton, firstPost, formValues, submit, viewWith } from '../../harness/interactions.js';
import { type FailedBuild, startWithFailedBuild } from '../../harness/failed-build.js';

describe('annotations on the card, and Annotate', () => {
  let h: Harness;
  let build: FailedBuild['build'];
  let card: FailedBuild['card'];

  beforeAll(async () => {
    ({ h, build, card } = await startWithFailedBuild());
  });
  afterAll(async () => h.stop());

  it('the card lists annotations as safe mrkdwn and links into logs, artifacts, annotations, failed tests and new build', async () => {
    const message = await card();
    const text = textOf(message);
    expect(h.scalekit.countTool('list_annotations')).toBeGreaterThanOrEqual(1);
    expect(text).toContain(':x: `lint`');
    expect(text).toContain('*3 offences*');
    expect(text).toContain('<https://example.test/r|the report>');
    expect(text).not.toContain('<!channel>');
    const ids = buttons(message).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['card_logs', 'list_artifacts', 'list_annotations', 'failed_tests', 'new_build']) expect(ids).toContain(id);
    expect(message.blocks!.length).toBeLessThanOrEqual(50);

    const logs = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'card_logs'));
    expect(textOf(await firstPost(h, logs.responseUrl, 'logs'))).toContain('boom');
  });

  it('Annotate opens a form and creates the annotation as the user', async () => {
    const message = await card();
    // The card's menu shows the annotations; Annotate is offered with them.
    const shown = await clickOnMessage(h, 'U0JANE', message, findButton(message, 'list_annotations'));
    await clickPrivate(h, 'U0JANE', findButton(await firstPost(h, shown.responseUrl, 'annotations'), 'annotate_build'));
    const view = await viewWith(h, 'U0JANE', 'annotate_modal', 'body');
    await submit(h, 'U0JANE', view, formValues({ body: 'Deployed to **staging**', style: { option: 'success' }, context: 'deploy', priority: { option: '5' }, append: { checked: false } }));
    await h.slack.waitFor(() => h.org.calls.find((c) => c.tool === 'create_annotation'), 10_000, 'annotation');
    expect(h.org.calls.find((c) => c.tool === 'create_annotation')!.input).toMatchObject({ body: 'Deployed to **staging**', style: 'success', context: 'deploy', priority: 5, scope: 'build' });
    const listed = await ask(h, 'U0JANE', `annotations web ${build.number}`);
    expect(textOf(listed)).toContain('*staging*');
  });
});
