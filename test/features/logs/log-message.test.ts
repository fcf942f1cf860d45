import { describe, expect, it } from 'vitest';
import { envLines } from '../../../src/features/logs/job-env-message.js';
import { fitsInMessage, logPlainText } from '../../../src/features/logs/log-message.js';

describe('log and env rendering', () => {
  it('masks secrets, strips colour residue and numbers search rows', () => {
    const text = logPlainText([{ row: 9, text: '[31mAWS_SECRET_ACCESS_KEY=abcd1234[0m', hit: true }, { row: 10, text: 'ok' }], true);
    expect(text).toBe('     9: AWS_SECRET_ACCESS_KEY=••••••\n    10- ok');
  });
  it('decides on the file by the escaped size', () => {
    expect(fitsInMessage('x'.repeat(2800))).toBe(true);
    expect(fitsInMessage('<'.repeat(800))).toBe(false);
  });
  it('masks env values outside the allow-list', () => {
    expect(envLines({ BUILDKITE_BRANCH: 'main', DB_URL: 'postgres://u:p@h/db' })).toEqual(['`BUILDKITE_BRANCH` = `main`', '`DB_URL` = ••••••']);
  });
});
