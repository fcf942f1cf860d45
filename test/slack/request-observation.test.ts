import { describe, expect, it, beforeAll } from 'vitest';
import { blockActionsPayload, viewSubmissionPayload } from '../../src/sandbox/signing.js';
import type { AnyMiddlewareArgs } from '@slack/bolt';
import { currentRequestContext, keepRequestContext, withRequestContext, type RequestContext } from '../../src/observability/request-context.js';
import { NO_TRACING } from '../../src/observability/tracer.js';
import { slackRequestKind, slackSpanName } from '../../src/slack/request-kind.js';
import { observeRequests, slackRequestId } from '../../src/slack/request-observation.js';

/** The kind and span name together, as the middleware uses them. */
const named = (body: unknown) => ({ kind: slackRequestKind(body), spanName: slackSpanName(body) });

describe('what a Slack request is called in spans and log lines', () => {
  it('a slash command by its command, never its text', () => {
    const body = { command: '/buildkite', text: 'build web 12 TOKEN=abc', trigger_id: '123.456.abc', team_id: 'T0ACME', user_id: 'U0JANE' };
    expect(named(body)).toEqual({ kind: 'command', spanName: 'slack command /buildkite' });
    // Never the trigger_id (it can open a modal as the person for 3 s): a random UUID.
    expect(slackRequestId(body)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a click by the button\'s action_id, without the row a per-row button carries', () => {
    const body = blockActionsPayload({ userId: 'U0JANE', channelId: 'C0BUILDS', messageTs: '1.2', responseUrl: 'http://127.0.0.1/r', triggerId: '9.9.click', action: { action_id: 'retry_job:0190a1b2-c3d4', value: 'v' } });
    expect(named(body)).toEqual({ kind: 'action', spanName: 'slack action retry_job' });
    expect(slackRequestId(body)).not.toContain('9.9.click');
  });

  it('a form by its callback_id, an event by its type and event_id', () => {
    expect(named(viewSubmissionPayload({ userId: 'U0JANE', callbackId: 'new_build' }))).toEqual({ kind: 'view_submission', spanName: 'slack view submission new_build' });
    const event = { type: 'event_callback', event_id: 'Ev0ABC', event: { type: 'link_shared', user: 'U0JANE' } };
    expect(named(event)).toEqual({ kind: 'event', spanName: 'slack event link_shared' });
    expect(slackRequestId(event)).toBe('Ev0ABC');
  });

  it('without an id from Slack, a new one each time', () => {
    const body = { type: 'block_suggestion', action_id: 'pipeline_picker' };
    expect(named(body)).toEqual({ kind: 'options', spanName: 'slack options pipeline_picker' });
    expect(slackRequestId(body)).not.toBe(slackRequestId(body));
  });

  it('the same bounded kinds as the metrics: a type Slack never sends is `other`, never passed through', () => {
    expect(named({ type: 'view_closed', view: { callback_id: 'unblock' } })).toEqual({ kind: 'view_closed', spanName: 'slack view closed unblock' });
    expect(named({ type: 'made-up-type-abc' })).toEqual({ kind: 'other', spanName: 'slack other' });
  });
});

describe('the request middleware\'s context', () => {
  // As the JSON logger does, the one reader of the context.
  beforeAll(() => keepRequestContext());
  it('starts afresh: a request begun inside another\'s context carries none of its user, tool or execution id', async () => {
    let seen: Readonly<RequestContext> | undefined;
    const body = { type: 'event_callback', event_id: 'Ev0NEW', team_id: 'T0ACME', event: { type: 'app_mention', user: 'U0NEW' } };
    const args = { body, context: { teamId: 'T0ACME', userId: 'U0NEW' }, next: async () => void (seen = { ...currentRequestContext() }) } as unknown as AnyMiddlewareArgs & { next: () => Promise<void> };
    await withRequestContext({ requestId: 'old', user: 'U0OLD', tool: 'get_build', executionId: 'ex-old', durationMs: 12 }, () => observeRequests(NO_TRACING)(args as never));
    expect(seen).toEqual({ requestId: 'Ev0NEW', team: 'T0ACME', user: 'U0NEW' });
  });
});
