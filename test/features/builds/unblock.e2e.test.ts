import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, type Harness, startHarness, textOf } from '../../harness/harness.js';
import { buttons, clickOnMessage, findButton, formValues, privateNotes, submit } from '../../harness/interactions.js';
import { answerForm, formKind } from '../../../src/sandbox/console-form-session.js';

describe('Unblock always confirms, and works for steps whose fields only Buildkite knows', () => {
  let h: Harness;
  let janeBk: string;
  const cardOf = async (pipeline: string, number: number) => {
    await h.slash('U0JANE', `build ${pipeline} ${number}`);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).filter((m) => textOf(m).includes(`/${pipeline}/builds/${number}`) && !m.thread_ts).at(-1), 10_000, 'the card');
  };
  const newestView = (user: string, text: string) => h.slack.waitFor(() => h.slack.openViews(user).filter((v) => JSON.stringify(v).includes(text)).at(-1), 10_000, `a form with ${text}`);

  beforeAll(async () => {
    h = await startHarness();
    janeBk = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    // The step is uploaded at run time: the pipeline's stored YAML has no block step at all.
    h.org.addPipeline({ slug: 'deploy', name: 'Deploy', defaultBranch: 'main', configuration: 'steps:\n  - command: buildkite-agent pipeline upload\n' });
  });
  afterAll(async () => h.stop());

  const blockedBuild = (fields?: { key: string; required?: boolean }[]) =>
    h.org.addBuild({
      pipeline: 'deploy', state: 'blocked', branch: 'release/42', commit: 'f'.repeat(40), message: 'Ship 2026.11.28\nwith notes', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'Upload', state: 'passed' }, { type: 'manual', label: 'Deploy to production?', state: 'blocked', ...(fields ? { fields: fields.map((f) => ({ key: f.key, text: f.key, required: f.required ?? true })) } : {}) }],
    });

  it('a step without fields: Unblock opens a confirmation naming the step, the build, its branch and message, and who asks; submitting unblocks it', async () => {
    const build = blockedBuild();
    const card = await cardOf('deploy', build.number);
    const unblock = findButton(card, 'unblock_job:');
    expect((unblock as { confirm?: unknown }).confirm).toBeUndefined();
    await clickOnMessage(h, 'U0JANE', card, unblock);
    const view = await newestView('U0JANE', 'Release *Deploy to production?*');
    const text = JSON.stringify(view);
    expect(text).toContain('deploy #' + build.number);
    expect(text).toContain('release/42');
    expect(text).toContain('Ship 2026.11.28');
    expect(text).toContain('<@U0JANE>');
    expect(h.scalekit.countTool('unblock_job')).toBe(0);
    const edits = async () => Number(/buildkite_bot_card_edits_total\{source="unblocked"\} (\d+)/.exec(await h.deps.metrics.registry.metrics())?.[1] ?? 0);
    const editsBefore = await edits();
    await submit(h, 'U0JANE', view, {});
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked');
    // The card redrawn in place once unblocked is a card edit, counted by its source.
    await expect.poll(edits, { timeout: 10_000 }).toBe(editsBefore + 1);
  });

  it('fields not in the stored YAML: refusal → a private “Fill in and unblock” → the form Buildkite named → unblocked once; the card is left as it was meanwhile', async () => {
    const build = blockedBuild([{ key: 'release-name' }]);
    const card = await cardOf('deploy', build.number);
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
    const confirm = await newestView('U0JANE', `deploy #${build.number}`);
    expect(JSON.stringify(confirm)).not.toContain('field:release-name');
    // The step is not in the saved YAML: the form says so and offers an optional KEY=value area up front.
    expect(JSON.stringify(confirm)).toContain('fields_free');
    expect(JSON.stringify(confirm)).toContain("fields are not in the pipeline's saved steps");
    const updatesBefore = h.slack.messages(CHANNEL).find((m) => m.ts === card.ts)!.updates;
    await submit(h, 'U0JANE', confirm, {});
    const offer = await h.slack.waitFor(() => h.slack.ephemerals(CHANNEL, 'U0JANE').filter((e) => textOf(e).includes('Fill in and unblock')).at(-1), 10_000, 'the way on');
    expect(textOf(offer)).toContain('release-name is required');
    expect(h.org.getJob(build.jobIds[1]!)?.state).toBe('blocked');
    expect(h.slack.messages(CHANNEL).find((m) => m.ts === card.ts)!.updates).toBe(updatesBefore);
    expect(privateNotes(h, 'U0JANE')).not.toContain('Something went wrong');

    const fill = findButton(offer, 'fill_unblock');
    await h.click({ userId: 'U0JANE', channelId: CHANNEL, messageTs: '1.000001', isEphemeral: true, action: { action_id: fill.action_id, block_id: fill.block_id, value: fill.value }, triggerId: h.slack.issueTriggerId({ user: 'U0JANE' }) });
    const form = await newestView('U0JANE', 'field:release-name');
    const values = formValues({ 'field:release-name': '2026.11.28' });
    // Submitted twice (a double click on Unblock in the form): one unblock.
    await Promise.all([submit(h, 'U0JANE', form, values), submit(h, 'U0JANE', form, values)]);
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked');
    expect(h.org.getJob(build.jobIds[1]!)?.unblockedFields).toEqual({ 'release-name': '2026.11.28' });
    await new Promise((r) => setTimeout(r, 300));
    // One refused (no fields), one with the fields: never a second unblock.
    const calls = h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_unblock_job' && c.outcome !== undefined && JSON.stringify(c.input).includes(build.jobIds[1]!));
    expect(calls.map((c) => JSON.stringify(c.input).includes('2026.11.28'))).toEqual([false, true]);
  });

  it('fields not in the stored YAML, given up front as KEY=value: unblocked at once with them, in one call', async () => {
    const build = blockedBuild([{ key: 'release-name' }]);
    const card = await cardOf('deploy', build.number);
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
    const confirm = await newestView('U0JANE', `deploy #${build.number}`);
    h.scalekit.resetCounters();
    await submit(h, 'U0JANE', confirm, formValues({ fields_free: 'release-name=2026.12.02\nnote = ship it' }));
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked');
    expect(h.org.getJob(build.jobIds[1]!)?.unblockedFields).toEqual({ 'release-name': '2026.12.02' });
    expect(h.scalekit.countTool('unblock_job')).toBe(1);
    const sent = h.scalekit.toolCalls.find((c) => c.toolName === 'buildkitemcp_unblock_job')!;
    expect(sent.input.fields).toEqual({ 'release-name': '2026.12.02', note: 'ship it' });
  });

  it('a multiple select from the stored YAML: its values are sent one per line, as Buildkite stores them', async () => {
    h.org.addPipeline({
      slug: 'rollout', name: 'Rollout', defaultBranch: 'main',
      configuration: 'steps:\n  - block: Roll out?\n    key: rollout\n    fields:\n      - select: Regions\n        key: regions\n        multiple: true\n        options:\n          - { label: Europe, value: eu }\n          - { label: US, value: us }\n          - { label: Asia, value: ap }\n',
    });
    const build = h.org.addBuild({
      pipeline: 'rollout', state: 'blocked', branch: 'main', commit: 'e'.repeat(40), message: 'Roll out', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
      jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Roll out?', stepKey: 'rollout', state: 'blocked', fields: [{ key: 'regions', select: 'Regions', multiple: true, options: [{ label: 'Europe', value: 'eu' }, { label: 'US', value: 'us' }, { label: 'Asia', value: 'ap' }] }] }],
    });
    const card = await cardOf('rollout', build.number);
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
    const form = await newestView('U0JANE', 'field:regions');
    expect(JSON.stringify(form)).toContain('multi_static_select');
    expect(JSON.stringify(form)).not.toContain('fields_free');
    await submit(h, 'U0JANE', form, formValues({ 'field:regions': { options: ['eu', 'ap'] } }));
    await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked');
    expect(h.org.getJob(build.jobIds[1]!)?.unblockedFields).toEqual({ regions: 'eu\nap' });
  });

  describe('from the sandbox console', () => {
    /** The console's form, answered with these typed lines and submitted through the real bot. */
    const answerInConsole = async (view: Record<string, unknown>, typed: string[]) => {
      const said: string[] = [];
      const outcome = await answerForm(view, {
        ask: async (prompt) => {
          said.push(prompt);
          return typed.shift();
        },
        say: (line) => said.push(line),
        submit: async (values) => (await submit(h, 'U0JANE', view, values)).errors ?? {},
      });
      return { outcome, said };
    };

    it('a confirmation without inputs (a step whose saved steps name no fields) is submitted with "y"', async () => {
      h.org.addPipeline({ slug: 'ship', name: 'Ship', defaultBranch: 'main', configuration: 'steps:\n  - block: Ship it?\n    key: ship\n' });
      const build = h.org.addBuild({
        pipeline: 'ship', state: 'blocked', branch: 'main', commit: 'd'.repeat(40), message: 'Ship', creator: janeBk, startedAt: new Date(Date.now() - 60_000),
        jobs: [{ name: 'Build', state: 'passed' }, { type: 'manual', label: 'Ship it?', stepKey: 'ship', state: 'blocked' }],
      });
      const card = await cardOf('ship', build.number);
      await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
      const view = await newestView('U0JANE', `ship #${build.number}`);
      expect(JSON.stringify(view)).not.toContain('"type":"input"');
      expect(formKind(view)).toBe('confirmation');
      const { outcome, said } = await answerInConsole(view, ['y']);
      expect(outcome).toBe('submitted');
      expect(said[0]).toBe('Unblock? ("y" submits, "n" closes the form) ');
      await h.slack.waitFor(() => h.org.getJob(build.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked');
    });

    it('a confirmation with only optional inputs: "y" submits as is, "f" fills them in first, "n" sends nothing', async () => {
      const asIs = blockedBuild();
      const asIsCard = await cardOf('deploy', asIs.number);
      await clickOnMessage(h, 'U0JANE', asIsCard, findButton(asIsCard, 'unblock_job:'));
      const first = await newestView('U0JANE', `deploy #${asIs.number}`);
      expect(JSON.stringify(first)).toContain('fields_free');
      expect(formKind(first)).toBe('confirmation');
      expect((await answerInConsole(first, ['y'])).outcome).toBe('submitted');
      await h.slack.waitFor(() => h.org.getJob(asIs.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked as is');

      const filled = blockedBuild();
      const card = await cardOf('deploy', filled.number);
      await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
      const second = await newestView('U0JANE', `deploy #${filled.number}`);
      expect((await answerInConsole(second, ['n'])).outcome).toBe('cancelled');
      expect(h.org.getJob(filled.jobIds[1]!)?.state).toBe('blocked');
      const { outcome, said } = await answerInConsole(second, ['f', 'note=ship it']);
      expect(outcome).toBe('submitted');
      expect(said).toContain('Fields, if the step asks for any (one KEY=value per line) (optional): ');
      await h.slack.waitFor(() => h.org.getJob(filled.jobIds[1]!)?.state === 'unblocked', 10_000, 'unblocked with a field');
      expect(h.scalekit.toolCalls.filter((c) => c.toolName === 'buildkitemcp_unblock_job').at(-1)?.input.fields).toEqual({ note: 'ship it' });
    });
  });

  it('a step that is no longer waiting says so instead of offering to unblock it', async () => {
    const build = blockedBuild();
    const card = await cardOf('deploy', build.number);
    h.org.setJobState(build.jobIds[1]!, 'unblocked');
    await clickOnMessage(h, 'U0JANE', card, findButton(card, 'unblock_job:'));
    const view = await newestView('U0JANE', 'not waiting any more');
    expect((view as { submit?: unknown }).submit ?? undefined).toBeUndefined();
    expect(buttons(card).length).toBeGreaterThan(0);
  });
});
