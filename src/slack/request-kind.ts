/** How a Slack request reached the bot: one bounded set, for metrics labels and spans alike. */
export const SLACK_REQUEST_KINDS = ['command', 'action', 'view_submission', 'view_closed', 'event', 'options', 'shortcut', 'other'] as const;
export type SlackRequestKind = (typeof SLACK_REQUEST_KINDS)[number];

type Body = Record<string, unknown>;
/** A body's field as text, when it is non-empty text (Slack's bodies are read, never trusted to be shaped). */
export const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
/** A field of an object, or undefined for anything that is not one. */
export const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Body)[key] : undefined);

/**
 * What kind of Slack request a body is, by the fields Slack documents for each; `other` for anything
 * else. One bounded set for metrics labels and span attributes alike.
 */
export function slackRequestKind(body: unknown): SlackRequestKind {
  if (typeof body !== 'object' || body === null) return 'other';
  const { type, command } = body as { type?: unknown; command?: unknown };
  if (typeof command === 'string') return 'command';
  switch (type) {
    case 'event_callback':
      return 'event';
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
      return 'view_submission';
    case 'view_closed':
      return 'view_closed';
    case 'block_suggestion':
    case 'dialog_suggestion':
      return 'options';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    default:
      return 'other';
  }
}

/**
 * The bot's own id of a button or menu: a button drawn once per row carries `<action_id>:<row>`
 * (slack/buttons.ts); the row (a job, an artifact's name) is left out, so spans group by button.
 */
const definedId = (value: unknown): string => text(value)?.split(':')[0] || 'unknown';

/**
 * The span a request is traced as: its kind, then what the bot defined or Slack chose (a command, an
 * action_id, a callback_id, an event type), never what a person typed, nor a type Slack never sends.
 */
export function slackSpanName(body: unknown): string {
  const kind = slackRequestKind(body);
  const request = (typeof body === 'object' && body !== null ? body : {}) as Body;
  switch (kind) {
    case 'command':
      return `slack command ${text(request.command) ?? 'unknown'}`;
    case 'action':
      return `slack action ${definedId(field(Array.isArray(request.actions) ? request.actions[0] : undefined, 'action_id') ?? request.callback_id)}`;
    case 'options':
      return `slack options ${definedId(request.action_id)}`;
    case 'view_submission':
    case 'view_closed':
      return `slack ${kind.replace('_', ' ')} ${text(field(request.view, 'callback_id')) ?? 'unknown'}`;
    case 'event':
      return `slack event ${text(field(request.event, 'type')) ?? 'unknown'}`;
    case 'shortcut':
      return `slack shortcut ${text(request.callback_id) ?? 'unknown'}`;
    case 'other':
      return 'slack other';
  }
}
