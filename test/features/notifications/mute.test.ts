import { describe, expect, it } from 'vitest';
import { isMuted, muteUntil } from '../../../src/features/notifications/mute.js';

describe('mute', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  it('is muted until its end, or until unmuted when it has none', () => {
    expect(isMuted({}, now)).toBe(false);
    expect(isMuted({ muted: muteUntil('U0JANE', now, undefined) }, new Date('2027-06-01T00:00:00Z'))).toBe(true);
    const twoHours = muteUntil('U0JANE', now, 120);
    expect(twoHours).toEqual({ by: 'U0JANE', at: now.toISOString(), until: '2026-12-02T12:00:00.000Z' });
    expect(isMuted({ muted: twoHours }, new Date('2026-12-02T11:59:59Z'))).toBe(true);
    expect(isMuted({ muted: twoHours }, new Date('2026-12-02T12:00:00Z'))).toBe(false);
  });
});
