import { describe, expect, it } from 'vitest';
import { Build } from '../../src/buildkite/builds.js';
import { buildCard } from '../../src/features/builds/build-card.js';
import { MASK, maskLines, maskSecrets } from '../../src/render/mask.js';
import { HARMLESS_LINES, SECRET_CORPUS } from '../harness/mask-corpus.js';

describe('the masking corpus', () => {
  it('holds at least 60 shapes, multi-line ones among them', () => {
    expect(SECRET_CORPUS.length).toBeGreaterThanOrEqual(60);
    expect(SECRET_CORPUS.filter((s) => s.text.includes('\n')).length).toBeGreaterThanOrEqual(6);
  });

  it.each(SECRET_CORPUS.map((s) => [s.shape, s] as const))('masks %s', (_shape, sample) => {
    const masked = maskSecrets(sample.text);
    for (const secret of sample.secrets) expect(masked, masked).not.toContain(secret);
    expect(masked).toContain(MASK);
    // Line by line (as logs arrive) gives the same answer, and keeps the number of lines.
    const lines = maskLines(sample.text.split('\n'), 400);
    expect(lines).toHaveLength(sample.text.split('\n').length);
    for (const secret of sample.secrets) expect(lines.join('\n')).not.toContain(secret);
  });

  it('leaks nothing onto a build card, where lines are escaped and cut', () => {
    const leaks: string[] = [];
    for (const sample of SECRET_CORPUS) {
      const build = Build.parse({
        id: 'b1', number: 7, state: 'failed', branch: 'main', commit: '0f0f0f0', message: 'm', web_url: 'https://buildkite.com/acme/web/builds/7',
        jobs: [{ id: 'j1', type: 'script', name: 'test', state: 'failed', exit_status: 1 }],
      });
      const card = buildCard({ build, pipeline: 'web', now: new Date(), logs: new Map([['j1', sample.text.split('\n')]]) });
      const text = JSON.stringify(card.blocks);
      for (const secret of sample.secrets) if (text.includes(JSON.stringify(secret).slice(1, -1))) leaks.push(`${sample.shape}: ${secret}`);
    }
    expect(leaks).toEqual([]);
  });

  it.each(HARMLESS_LINES)('leaves "%s" as it was', (line) => {
    expect(maskSecrets(line)).toBe(line);
  });
});

describe('masking time', () => {
  const adversarial = [
    'A'.repeat(200_000),
    'PASSWORD='.repeat(22_000),
    'a=a'.repeat(66_000),
    ' token'.repeat(33_000),
    'https://'.repeat(25_000),
    'https://a@'.repeat(20_000),
    '-----BEGIN PRIVATE KEY-----'.repeat(7_000),
    'eyJ.'.repeat(50_000),
    `${'x'.repeat(100)}_KEY `.repeat(1_900),
    '"password":"'.repeat(16_000),
    'Bearer '.repeat(28_000) + 'x',
    'mysql -p'.repeat(25_000),
  ];
  it.each(adversarial.map((text) => [text.slice(0, 24), text] as const))('masks a 200 KB line of %s… in linear time', (_label, text) => {
    const started = performance.now();
    maskSecrets(text);
    const elapsed = performance.now() - started;
    // Quadratic patterns take tens of seconds on 200 KB; linear ones a few milliseconds (`npm run bench`).
    // The bound is generous for a loaded 2-core machine.
    expect(elapsed).toBeLessThan(3_000);
  });
  const MB = 1_000_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const megabyte = {
    'random base64': Buffer.from(Array.from({ length: 750_000 }, (_, i) => (i * 7919) % 256)).toString('base64').slice(0, MB),
    'base64 of a secret': fill(Buffer.from('password=hunter2 ').toString('base64')),
    'URL escapes': fill('password%3D%41'),
    'HTML entities': fill('&quot;token&quot;:'),
    'escaped quotes': fill('\\"'),
    'full-width equals': fill('PASSWORD＝'),
    'zero-width joins': fill('a\u200B'),
    'XML elements': fill('<password>'),
    'glued token prefixes': fill('X_ghp_AKIA'),
    'name/value pairs': fill('"name":"password","value":'),
    'curl -u': `curl ${fill('-u a:')}`,
    'one long word': fill('A'),
  };
  it.each(Object.entries(megabyte))('masks a 1 MB line of %s in linear time', (_label, text) => {
    const started = performance.now();
    maskSecrets(text);
    // Linear masking takes well under a second on 1 MB; a quadratic pattern would take minutes.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
  it('cuts a 200 KB line before masking it, so a card costs what it shows', () => {
    const line = `DEPLOY_TOKEN=${'s'.repeat(200_000)}`;
    const started = performance.now();
    const [masked] = maskLines([line], 400);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(masked).toBe(`DEPLOY_TOKEN=${MASK}`);
  });
});

describe('audit inputs', () => {
  it('leaves out deploy keys, DSNs and one-time passwords, and keeps step and queue keys', async () => {
    const { redactInput } = await import('../../src/buildkite/audit-log.js');
    const input = { step_key: 'release', key: 'linux', env: { DEPLOY_KEY: 'dk_1', SENTRY_DSN: 'https://k@o1.ingest.sentry.io/2', REGION: 'eu' }, fields: { otp: '481516', 'release-name': 'v2' } };
    expect(redactInput(input)).toEqual({ step_key: 'release', key: 'linux', env: { REGION: 'eu' }, fields: { 'release-name': 'v2' } });
  });
});

describe('maskSecrets', () => {
  it.each([
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'AWS_SECRET_ACCESS_KEY=••••••'],
    ['export GITHUB_TOKEN="ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'export GITHUB_TOKEN=••••••'],
    ['Authorization: Bearer abcdef0123456789abcdef', 'Authorization: Bearer ••••••'],
    ['curl https://deploy:hunter2@example.com/x', 'curl https://deploy:••••••@example.com/x'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key •••••• used'],
    ['slack xoxb-123456789012-abcdefghij', 'slack ••••••'],
  ])('masks %s', (input, expected) => {
    expect(maskSecrets(input)).toBe(expected);
  });
  it('leaves ordinary lines alone', () => {
    expect(maskSecrets('Failures: 3 examples, expected 2 got 3 (token count)')).toBe('Failures: 3 examples, expected 2 got 3 (token count)');
  });
});
