import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../../src/sandbox/slack-api/index.js';
import { BOT_TOKEN, quiet, slackError } from '../../harness/slack-fake-fixture.js';


let clock = Date.now();
const fake = new SlackApiFake({ botToken: BOT_TOKEN, now: () => clock });
let web: WebClient;

const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  callback_id: 'unblock',
  title: { type: 'plain_text' as const, text: 'Unblock step' },
  submit: { type: 'plain_text' as const, text: 'Unblock' },
  blocks: [
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Reason' },
      element: { type: 'plain_text_input', action_id: 'reason' },
    },
  ],
  ...over,
});

beforeAll(async () => {
  await fake.start();
  web = new WebClient(BOT_TOKEN, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  clock = Date.now();
  fake.reset();
});

describe('SlackApiFake: views.open trigger rules', () => {
  it('opens a modal with an issued trigger and returns id and hash', async () => {
    const trigger = fake.issueTriggerId({ user: 'U1ALICE' });
    const res = await web.views.open({ trigger_id: trigger, view: modal({ private_metadata: '{"build":12}' }) });
    expect(res.view?.id).toMatch(/^V[A-Z0-9]+$/);
    expect(res.view?.hash).toMatch(/^\d+\.[0-9a-f]+$/);
    expect(res.view).toMatchObject({ callback_id: 'unblock', private_metadata: '{"build":12}', root_view_id: res.view?.id });
    expect(fake.openViews('U1ALICE')).toHaveLength(1);
  });

  it('refuses a trigger it never issued', async () => {
    expect((await slackError(web.views.open({ trigger_id: '123.456.abc', view: modal() }))).error).toBe('invalid_trigger_id');
  });

  it('refuses a trigger used once already', async () => {
    const trigger = fake.issueTriggerId();
    await web.views.open({ trigger_id: trigger, view: modal() });
    expect((await slackError(web.views.open({ trigger_id: trigger, view: modal() }))).error).toBe('exchanged_trigger_id');
  });

  it('refuses a trigger older than 3 seconds', async () => {
    const stale = fake.issueTriggerId({ ageMs: 3001 });
    expect((await slackError(web.views.open({ trigger_id: stale, view: modal() }))).error).toBe('expired_trigger_id');
    const fresh = fake.issueTriggerId();
    clock += 2900; // still inside the window
    expect((await web.views.open({ trigger_id: fresh, view: modal() })).ok).toBe(true);
  });

  it('validates the modal and leaves the trigger usable when it is invalid', async () => {
    const trigger = fake.issueTriggerId();
    const err = await slackError(
      web.views.open({ trigger_id: trigger, view: modal({ title: { type: 'plain_text', text: 'A title that is too long!' } }) }),
    );
    expect(err.error).toBe('invalid_arguments');
    expect(err.messages).toEqual(['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]']);
    expect((await web.views.open({ trigger_id: trigger, view: modal() })).ok).toBe(true);
  });

  it('allows 100 blocks in a modal but not 101', async () => {
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    const ok = await web.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ blocks: blocks.slice(0, 100) }) });
    expect(ok.ok).toBe(true);
    const err = await slackError(web.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ blocks }) }));
    expect(err.messages).toEqual(['[ERROR] must be less than 101 items [json-pointer:/view/blocks]']);
  });
});

describe('SlackApiFake: views.update and views.push', () => {
  it('updates a view by id, rotating the hash and refusing a stale one', async () => {
    const opened = await web.views.open({ trigger_id: fake.issueTriggerId(), view: modal() });
    const id = opened.view?.id as string;
    const hash = opened.view?.hash as string;
    const updated = await web.views.update({ view_id: id, hash, view: modal({ private_metadata: 'v2' }) });
    expect(updated.view?.id).toBe(id);
    expect(updated.view?.hash).not.toBe(hash);
    expect(updated.view?.private_metadata).toBe('v2');
    expect((await slackError(web.views.update({ view_id: id, hash, view: modal() }))).error).toBe('hash_conflict');
    expect((await slackError(web.views.update({ view_id: 'VNOPE', view: modal() }))).error).toBe('not_found');
  });

  it('updates a view by external_id', async () => {
    await web.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ external_id: 'build-12' }) });
    const res = await web.views.update({ external_id: 'build-12', view: modal({ external_id: 'build-12', callback_id: 'done' }) });
    expect(res.view?.callback_id).toBe('done');
  });

  it('pushes up to three views on a stack', async () => {
    const root = await web.views.open({ trigger_id: fake.issueTriggerId({ user: 'U1' }), view: modal() });
    const pushed = await web.views.push({ trigger_id: fake.issueTriggerId({ user: 'U1' }), view: modal({ callback_id: 'step2' }) });
    expect(pushed.view).toMatchObject({ root_view_id: root.view?.id, previous_view_id: root.view?.id });
    await web.views.push({ trigger_id: fake.issueTriggerId({ user: 'U1' }), view: modal({ callback_id: 'step3' }) });
    const err = await slackError(web.views.push({ trigger_id: fake.issueTriggerId({ user: 'U1' }), view: modal() }));
    expect(err.error).toBe('push_limit_reached');
  });

  it('publishes an App Home view per user', async () => {
    const res = await web.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [{ type: 'divider' }] } });
    expect(res.ok).toBe(true);
    expect(fake.homeView('U1')?.blocks).toEqual([{ type: 'divider' }]);
  });
});
