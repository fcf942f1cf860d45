import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, inlineCode, link } from '../../src/render/escape.js';

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
