import { describe, expect, it } from 'vitest';
import { parseNotifyEvents } from '../../../src/features/personal-notifications/personal-settings.js';
import { parseArgs } from '../../../src/slack/command-args.js';

describe('notify me options', () => {
  it('reads events and quiet hours, each only when said', () => {
    expect(parseNotifyEvents(parseArgs(''))).toEqual({ ok: true });
    expect(parseNotifyEvents(parseArgs('on:failed'))).toEqual({ ok: true, events: ['failed'] });
    expect(parseNotifyEvents(parseArgs('quiet:22-08'))).toEqual({ ok: true, quiet: { from: 22, to: 8 } });
    expect(parseNotifyEvents(parseArgs('on:blocked quiet:off'))).toEqual({ ok: true, events: ['blocked'], quiet: null });
    expect(parseNotifyEvents(parseArgs('quiet:sometimes'))).toMatchObject({ ok: false, problem: expect.stringContaining('quiet:') });
    expect(parseNotifyEvents(parseArgs('on:passed'))).toMatchObject({ ok: false, problem: expect.stringContaining('not `passed`') });
    expect(parseNotifyEvents(parseArgs('loudly'))).toMatchObject({ ok: false });
  });
});
