import { describe, expect, it } from 'vitest';
import { maskCell } from '../../src/doctor/mask-cell.js';
import { MASK } from '../../src/render/mask.js';

describe('maskCell (the doctor table\'s second lock)', () => {
  it('masks credentials a row may quote, as logs (redact) and cards (maskSecrets) do', () => {
    expect(maskCell('Scalekit said: client_secret=abcdef123456')).not.toContain('abcdef123456');
    expect(maskCell('token xoxb-1-2-secretpart seen')).not.toContain('secretpart');
    expect(maskCell('password: hunter2secret')).toBe(`password: ${MASK}`);
    expect(maskCell('SLACK_SIGNING_SECRET=abc123def')).not.toContain('abc123def');
  });

  it('leaves the words after a variable\'s name alone (maskSecrets alone would read them as its value)', () => {
    for (const cell of ['SLACK_APP_TOKEN opens a Socket Mode connection', 'Slack refused SLACK_BOT_TOKEN: invalid_auth', 'SLACK_SIGNING_SECRET is required in HTTP mode']) expect(maskCell(cell)).toBe(cell);
  });
});
