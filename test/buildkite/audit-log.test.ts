import { describe, expect, it } from 'vitest';
import { Forbidden, Unavailable } from '../../src/scalekit/errors.js';
import { auditReason, redactInput } from '../../src/buildkite/audit-log.js';

describe('audit input redaction', () => {
  it('drops secret-sounding keys at any depth and masks secret-looking values', () => {
    const input = {
      pipeline_slug: 'web',
      step_key: 'release',
      api_token: 'x',
      fields: { 'release-name': 'AWS_SECRET_ACCESS_KEY=abcdef123456', 'db-password': 'hunter2', 'API-Key': 'k', region: 'eu', note: 'Bearer abcdefghijklmnopqrstuvwxyz' },
      env: ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123', 'A=1'],
    };
    expect(redactInput(input)).toEqual({
      pipeline_slug: 'web',
      step_key: 'release',
      fields: { 'release-name': 'AWS_SECRET_ACCESS_KEY=••••••', region: 'eu', note: 'Bearer ••••••' },
      env: ['GITHUB_TOKEN=••••••', 'A=1'],
    });
  });
  it('reads create_build environment and metadata as the maps they are: secret-named variables are dropped', () => {
    const environment = [{ key: 'DEPLOY_TOKEN', value: 'abc123' }, { key: 'REGION', value: 'eu' }, { key: 'NOTE', value: 'password=hunter2' }];
    expect(redactInput({ pipeline_slug: 'web', environment })).toEqual({ pipeline_slug: 'web', environment: { REGION: 'eu', NOTE: 'password=••••••' } });
  });
  it('cuts long text', () => {
    expect((redactInput({ message: 'x'.repeat(2000) }).message as string).length).toBe(500);
  });
  it('gives a failure reason with its kind, and warns that a timeout may have acted', () => {
    expect(auditReason(new Forbidden('needs write_builds'))).toBe('forbidden: needs write_builds');
    expect(auditReason(new Unavailable('timeout'))).toContain('may still have acted');
    expect(auditReason(new Error('password=hunter2'))).toBe('password=••••••');
  });
});
