import { describe, expect, it } from 'vitest';
import { redact } from '../src/logger.js';

describe('log redaction', () => {
  it.each([
    ['token=xoxb-123-456-abcDEF', 'xoxb'],
    ['app xapp-1-A0-123-abc', 'xapp-1'],
    ['authorization: Bearer eyJhbGciOi.abc.def', 'eyJhbGciOi'],
    ['grant_type=client_credentials&client_id=skc&client_secret=sup3rs3cret', 'sup3rs3cret'],
    ['{"client_secret":"sup3rs3cret"}', 'sup3rs3cret'],
    ['link https://acme.scalekit.dev/magic/AbC123xyz_-9', 'AbC123xyz'],
    ['https://x.test/cb?code=abc123&state=s', 'abc123'],
  ])('removes the credential from %s', (line, secret) => {
    expect(redact(line)).not.toContain(secret);
  });
  it('keeps ordinary text', () => {
    expect(redact('tool retry_job for U0JANE ok (12 ms)')).toBe('tool retry_job for U0JANE ok (12 ms)');
  });
});
