import { describe, expect, it } from 'vitest';
import { cronProblem } from '../../../src/buildkite/cron.js';
import { humanSize } from '../../../src/features/artifacts/artifacts-message.js';
import { parseKeyValueLines } from '../../../src/slack/form-values.js';
import { htmlToMrkdwn } from '../../../src/render/html-mrkdwn.js';
import { envLines } from '../../../src/features/logs/job-env-message.js';
import { fitsInMessage, logPlainText } from '../../../src/features/logs/log-message.js';
import { yamlProblem } from '../../../src/features/pipelines/pipeline-form.js';
import { cronInWords } from '../../../src/features/schedules/schedules-message.js';

describe('htmlToMrkdwn', () => {
  it('keeps text, bold, bullets and http links with escaped labels', () => {
    const out = htmlToMrkdwn('<p>Hi <strong>there</strong> &amp; <a href="https://x.test/a?b=1&amp;c=2">the <em>docs</em> | here</a></p><ul><li>one</li><li>two</li></ul>');
    expect(out).toContain('Hi *there* &amp; <https://x.test/a?b=1&c=2|the docs ¦ here>');
    expect(out).toContain('• one\n• two');
  });

  it('defuses hostile input: mentions, forged links, scripts and javascript: URLs', () => {
    const out = htmlToMrkdwn('&lt;!channel&gt; <script>alert(1)</script><a href="javascript:alert(1)">bad</a> <img src=x onerror=alert(1)> &lt;http://evil|click&gt; <a href="https://ok.test">&lt;@U123&gt;</a> &#60;!here&#62;');
    expect(out).not.toMatch(/<!(channel|here)>/);
    expect(out).not.toContain('<@U123>');
    expect(out).not.toContain('<http://evil');
    expect(out).not.toContain('alert(1)');
    expect(out).not.toContain('javascript:');
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('<https://ok.test|&lt;@U123&gt;>');
    expect(out).toContain('bad');
  });

  it.each([
    ['<a href="https://evil.test/x">https://good.test/x</a>', 'another URL'],
    ['<a href="https://evil.test">good.test</a>', 'a bare host'],
    ['<a href="https://evil.test">see www.good.test here</a>', 'www. inside words'],
    ['<a href="https://evil.test">ｇｏｏｄ．ｃｏｍ</a>', 'full-width characters'],
    ['<a href="https://evil.test">ftp://good.test</a>', 'another scheme'],
  ])('a link labelled with another address shows its real target (%s: %s)', (html) => {
    const out = htmlToMrkdwn(html);
    expect(out).toMatch(/^<https:\/\/evil\.test[^|]*\|https:\/\/evil\.test[^>]*>$/);
    expect(out.normalize('NFKC')).not.toMatch(/good/);
  });

  it('keeps labels that are words, or the link\'s own address written differently', () => {
    expect(htmlToMrkdwn('<a href="https://good.test/r">Coverage v1.2 report</a>')).toBe('<https://good.test/r|Coverage v1.2 report>');
    expect(htmlToMrkdwn('<a href="https://good.test/a">good.test/a</a>')).toBe('<https://good.test/a|good.test/a>');
    expect(htmlToMrkdwn('<a href="https://good.test/a">HTTPS://Good.test/a/</a>')).toBe('<https://good.test/a|HTTPS://Good.test/a/>');
  });

  it('never leaves a raw angle bracket outside the links it made', () => {
    const out = htmlToMrkdwn('a < b > c <unclosed <b>x</b> <<a href="https://a.test">y</a>>');
    expect(out.replace(/<https:\/\/a\.test\|y>/, '')).not.toMatch(/[<>]/);
  });
});

describe('cron checks', () => {
  it.each(['0 3 * * 1-5', '*/15 * * * *', '@daily', '0 0 1 jan,jul *', '30 6 * * mon-fri Europe/London', '@hourly UTC'])('accepts %s', (c) => expect(cronProblem(c)).toBeNull());
  it.each(['61 * * * *', 'every day', '* * *', '0 24 * * *', '0 0 32 * *', '0 0 * 13 *', '*/0 * * * *', '0 0 * * * not/a zone!'])('refuses %s', (c) => expect(cronProblem(c)).not.toBeNull());
  it('describes cron in words', () => {
    expect(cronInWords('0 3 * * 1-5')).toBe('At 03:00, Monday through Friday');
    expect(cronInWords('0 3 * * * Europe/London')).toContain('(Europe/London)');
  });
});

describe('form parsers', () => {
  it('reads KEY=VALUE lines and names the bad line', () => {
    expect(parseKeyValueLines('A=1\n\n B = two=2 ')).toEqual({ values: { A: '1', B: 'two=2' } });
    expect(parseKeyValueLines('A=1\nnope')).toEqual({ problem: expect.stringContaining('Line 2') });
    expect(parseKeyValueLines('1X=1')).toHaveProperty('problem');
  });
  it('checks YAML before it is sent', () => {
    expect(yamlProblem('steps:\n  - command: make\n')).toBeNull();
    expect(yamlProblem('steps: [unclosed')).toMatch(/YAML/);
    expect(yamlProblem('- just a list')).toMatch(/mapping/);
    expect(yamlProblem('env: {}')).toMatch(/steps/);
  });
  it('sizes are human', () => {
    expect(humanSize(11)).toBe('11 B');
    expect(humanSize(1536)).toBe('1.5 KB');
    expect(humanSize(15 * 1024 * 1024)).toBe('15 MB');
  });
});

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
