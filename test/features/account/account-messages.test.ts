import { describe, expect, it } from 'vitest';
import { authorizationDm } from '../../../src/features/account/account-messages.js';

describe('authorization DM', () => {
  it('holds the link and its expiry in words', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const msg = authorizationDm({ url: 'https://sk.example/magic/abc', expiresAt: new Date('2026-11-24T12:10:00Z') }, now);
    expect(msg.text).toContain('https://sk.example/magic/abc');
    expect(msg.text).toContain('expires in 10 minutes');
    expect(JSON.stringify(msg.blocks)).toContain('expires in 10 minutes');
  });
});
