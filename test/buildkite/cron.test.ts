import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../src/buildkite/cron.js';
import { cronInWords } from '../../src/features/schedules/schedules-message.js';

describe('cron checks', () => {
  it.each(['0 3 * * 1-5', '*/15 * * * *', '@daily', '0 0 1 jan,jul *', '30 6 * * mon-fri Europe/London', '@hourly UTC'])('accepts %s', (c) => expect(cronProblem(c)).toBeNull());
  it.each(['61 * * * *', 'every day', '* * *', '0 24 * * *', '0 0 32 * *', '0 0 * 13 *', '*/0 * * * *', '0 0 * * * not/a zone!'])('refuses %s', (c) => expect(cronProblem(c)).not.toBeNull());
  it('describes cron in words', () => {
    expect(cronInWords('0 3 * * 1-5')).toBe('At 03:00, Monday through Friday');
    expect(cronInWords('0 3 * * * Europe/London')).toContain('(Europe/London)');
  });
});
