import { describe, expect, it } from 'vitest';
import { authorizationDm } from '../../src/features/account/account-messages.js';
import { escapeMrkdwn, inlineCode, link } from '../../src/render/escape.js';
import { help } from '../../src/render/help-message.js';
import { parseArgs } from '../../src/slack/command-args.js';

describe('escaping user-controlled text', () => {
  it('neutralises mentions, links and entities', () => {
    expect(escapeMrkdwn('<!channel> <@U123> *x* & <http://evil|click>')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; *x* &amp; &lt;http://evil|click&gt;',
    );
  });
  it('keeps code spans closed and link labels inside the link', () => {
    expect(inlineCode('a`b<c>')).toBe('`aˋb&lt;c&gt;`');
    expect(link('https://buildkite.com/acme/web/builds/1', 'x|<!here>')).toBe('<https://buildkite.com/acme/web/builds/1|x¦&lt;!here&gt;>');
  });
});

describe('authorization DM', () => {
  it('holds the link and its expiry in words', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    const msg = authorizationDm({ url: 'https://sk.example/magic/abc', expiresAt: new Date('2026-11-24T12:10:00Z') }, now);
    expect(msg.text).toContain('https://sk.example/magic/abc');
    expect(msg.text).toContain('expires in 10 minutes');
    expect(JSON.stringify(msg.blocks)).toContain('expires in 10 minutes');
  });
});

describe('help', () => {
  it('names the unknown subcommand, escaped', () => {
    const msg = help([{ usage: 'whoami', description: 'Who you are' }], '<!here>');
    expect(JSON.stringify(msg.blocks)).toContain('&lt;!here&gt;');
    expect(JSON.stringify(msg.blocks)).not.toContain('<!here>');
  });
});

describe('parseArgs', () => {
  it('splits words and key:value options, honouring quotes', () => {
    expect(parseArgs('incident pause linux reason:"disk full on ci-7" limit:3')).toEqual({
      words: ['incident', 'pause', 'linux'],
      options: { reason: 'disk full on ci-7', limit: '3' },
    });
  });
  it('keeps URLs whole', () => {
    expect(parseArgs('build https://buildkite.com/acme/web/builds/12')).toEqual({
      words: ['build', 'https://buildkite.com/acme/web/builds/12'],
      options: {},
    });
  });
  it('accepts curly quotes', () => {
    expect(parseArgs('x reason:\u201cno more\u201d').options.reason).toBe('no more');
  });
});
