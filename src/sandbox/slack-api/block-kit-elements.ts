// Block Kit element and composition-object checks shared by the block validator.
// Limits follow Slack's published Block Kit reference; error strings mimic the
// `[ERROR] <reason> [json-pointer:<path>]` lines Slack returns in response_metadata.messages.

export type Json = Record<string, unknown>;

export function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects errors and the identifiers that must be unique across one message or view. */
export class Checker {
  readonly errors: string[] = [];
  private readonly actionIds = new Set<string>();
  private readonly blockIds = new Set<string>();

  err(pointer: string, reason: string): void {
    this.errors.push(`[ERROR] ${reason} [json-pointer:${pointer}]`);
  }

  /** Slack reports limits as "must be less than N+1". */
  maxLen(pointer: string, value: unknown, max: number, required = false): void {
    if (value === undefined || value === null) {
      if (required) this.err(pointer, 'must provide a string');
      return;
    }
    if (typeof value !== 'string') {
      this.err(pointer, 'must be a string');
      return;
    }
    if (required && value.length === 0) this.err(pointer, 'must be more than 0 characters');
    if (value.length > max) this.err(pointer, `must be less than ${max + 1} characters`);
  }

  array(pointer: string, value: unknown, min: number, max: number): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.err(pointer, 'must provide an array');
      return undefined;
    }
    if (value.length < min) this.err(pointer, `must provide at least ${min} item${min === 1 ? '' : 's'}`);
    if (value.length > max) this.err(pointer, `must be less than ${max + 1} items`);
    return value;
  }

  actionId(pointer: string, value: unknown): void {
    if (value === undefined) return; // Slack generates one when omitted.
    this.maxLen(pointer, value, 255, true);
    if (typeof value !== 'string') return;
    if (this.actionIds.has(value)) this.err(pointer, `action_id "${value}" already exists`);
    this.actionIds.add(value);
  }

  blockId(pointer: string, value: unknown): void {
    if (value === undefined) return;
    this.maxLen(pointer, value, 255, true);
    if (typeof value !== 'string') return;
    if (this.blockIds.has(value)) this.err(pointer, `block_id "${value}" already exists`);
    this.blockIds.add(value);
  }
}

export interface TextRules {
  max: number;
  plainOnly?: boolean;
  required?: boolean;
}

export function checkText(c: Checker, ptr: string, v: unknown, rules: TextRules): void {
  if (v === undefined || v === null) {
    if (rules.required !== false) c.err(ptr, 'must provide an object');
    return;
  }
  if (!isObj(v)) {
    c.err(ptr, 'must provide an object');
    return;
  }
  if (rules.plainOnly) {
    if (v.type !== 'plain_text') c.err(`${ptr}/type`, 'must be a valid enum value [plain_text]');
  } else if (v.type !== 'plain_text' && v.type !== 'mrkdwn') {
    c.err(`${ptr}/type`, 'must be a valid enum value [plain_text, mrkdwn]');
  }
  c.maxLen(`${ptr}/text`, v.text, rules.max, true);
}

function checkConfirm(c: Checker, ptr: string, v: unknown): void {
  if (v === undefined) return;
  if (!isObj(v)) {
    c.err(ptr, 'must provide an object');
    return;
  }
  checkText(c, `${ptr}/title`, v.title, { max: 100, plainOnly: true });
  checkText(c, `${ptr}/text`, v.text, { max: 300 });
  checkText(c, `${ptr}/confirm`, v.confirm, { max: 30, plainOnly: true });
  checkText(c, `${ptr}/deny`, v.deny, { max: 30, plainOnly: true });
  if (v.style !== undefined && v.style !== 'primary' && v.style !== 'danger') {
    c.err(`${ptr}/style`, 'must be a valid enum value [primary, danger]');
  }
}

function checkOption(c: Checker, ptr: string, v: unknown, plainOnly: boolean): void {
  if (!isObj(v)) {
    c.err(ptr, 'must provide an object');
    return;
  }
  checkText(c, `${ptr}/text`, v.text, { max: 75, plainOnly });
  // Slack's page on option objects says 150, @slack/types (composition-objects.d.ts) says 75: no public
  // source settles it, so the fake refuses what either would.
  c.maxLen(`${ptr}/value`, v.value, 75, true);
  checkText(c, `${ptr}/description`, v.description, { max: 75, plainOnly, required: false });
  c.maxLen(`${ptr}/url`, v.url, 3000);
}

function checkOptions(c: Checker, ptr: string, v: Json, max: number, plainOnly: boolean, min = 1): void {
  if (v.option_groups !== undefined) {
    const groups = c.array(`${ptr}/option_groups`, v.option_groups, 1, 100) ?? [];
    groups.forEach((g, i) => {
      const gp = `${ptr}/option_groups/${i}`;
      if (!isObj(g)) return c.err(gp, 'must provide an object');
      checkText(c, `${gp}/label`, g.label, { max: 75, plainOnly: true });
      (c.array(`${gp}/options`, g.options, 1, 100) ?? []).forEach((o, j) =>
        checkOption(c, `${gp}/options/${j}`, o, true),
      );
    });
    return;
  }
  (c.array(`${ptr}/options`, v.options, min, max) ?? []).forEach((o, i) =>
    checkOption(c, `${ptr}/options/${i}`, o, plainOnly),
  );
}

const SELECTS = new Set([
  'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select',
  'multi_static_select', 'multi_external_select', 'multi_users_select',
  'multi_conversations_select', 'multi_channels_select',
]);

export const ACTIONS_ELEMENTS = new Set([
  'button', 'checkboxes', 'datepicker', 'datetimepicker', 'overflow', 'radio_buttons',
  'timepicker', 'workflow_button', ...SELECTS,
]);

export const ACCESSORY_ELEMENTS = new Set([
  'button', 'checkboxes', 'datepicker', 'image', 'overflow', 'radio_buttons', 'timepicker',
  'workflow_button', ...SELECTS,
]);

export const INPUT_ELEMENTS = new Set([
  'checkboxes', 'datepicker', 'datetimepicker', 'email_text_input', 'file_input', 'number_input',
  'plain_text_input', 'radio_buttons', 'rich_text_input', 'timepicker', 'url_text_input', ...SELECTS,
]);

/** Validates one element after checking its type is allowed where it sits. */
export function checkElement(c: Checker, ptr: string, v: unknown, allowed: Set<string>): void {
  if (!isObj(v)) {
    c.err(ptr, 'must provide an object');
    return;
  }
  const type = v.type;
  if (typeof type !== 'string' || !allowed.has(type)) {
    c.err(`${ptr}/type`, `must be a valid enum value [${[...allowed].join(', ')}]`);
    return;
  }
  if (type === 'image') {
    checkImageSource(c, ptr, v);
    c.maxLen(`${ptr}/alt_text`, v.alt_text, 2000, true);
    return;
  }
  c.actionId(`${ptr}/action_id`, v.action_id);
  checkConfirm(c, `${ptr}/confirm`, v.confirm);
  if (v.placeholder !== undefined) checkText(c, `${ptr}/placeholder`, v.placeholder, { max: 150, plainOnly: true });

  switch (type) {
    case 'button':
    case 'workflow_button':
      checkText(c, `${ptr}/text`, v.text, { max: 75, plainOnly: true });
      c.maxLen(`${ptr}/value`, v.value, 2000);
      c.maxLen(`${ptr}/url`, v.url, 3000);
      c.maxLen(`${ptr}/accessibility_label`, v.accessibility_label, 75);
      if (v.style !== undefined && v.style !== 'primary' && v.style !== 'danger') {
        c.err(`${ptr}/style`, 'must be a valid enum value [primary, danger]');
      }
      break;
    case 'overflow':
      checkOptions(c, ptr, v, 5, true);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(c, ptr, v, 10, false);
      break;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(c, ptr, v, 100, true);
      break;
    case 'plain_text_input':
      c.maxLen(`${ptr}/initial_value`, v.initial_value, 3000);
      if (typeof v.max_length === 'number' && v.max_length > 3000) {
        c.err(`${ptr}/max_length`, 'must be less than 3001');
      }
      break;
    default:
      break;
  }
}

export function checkImageSource(c: Checker, ptr: string, v: Json): void {
  if (v.image_url === undefined && v.slack_file === undefined) {
    c.err(ptr, 'must provide either image_url or slack_file');
  }
  c.maxLen(`${ptr}/image_url`, v.image_url, 3000);
}
