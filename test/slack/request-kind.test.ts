import { describe, expect, it } from 'vitest';
import { slackRequestKind } from '../../src/slack/request-kind.js';

describe('slackRequestKind', () => {
  it('names each kind of request by the fields Slack documents for it, and anything else `other`', () => {
    expect(slackRequestKind({ command: '/buildkite', text: 'status' })).toBe('command');
    expect(slackRequestKind({ type: 'block_actions' })).toBe('action');
    expect(slackRequestKind({ type: 'interactive_message' })).toBe('action');
    expect(slackRequestKind({ type: 'view_submission' })).toBe('view_submission');
    expect(slackRequestKind({ type: 'view_closed' })).toBe('view_closed');
    expect(slackRequestKind({ type: 'event_callback', event: { type: 'app_home_opened' } })).toBe('event');
    expect(slackRequestKind({ type: 'block_suggestion' })).toBe('options');
    expect(slackRequestKind({ type: 'shortcut' })).toBe('shortcut');
    expect(slackRequestKind({ type: 'message_action' })).toBe('shortcut');
    // A type nobody sends: bounded, never the type itself as a label.
    expect(slackRequestKind({ type: 'anything-at-all' })).toBe('other');
    expect(slackRequestKind(null)).toBe('other');
    expect(slackRequestKind('payload')).toBe('other');
  });
});
