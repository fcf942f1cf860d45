import { describe, expect, it } from 'vitest';
import { mrkdwnToHtml, pictureHtml } from '../../src/sandbox/block-kit-html.js';

describe('the README pictures\' Block Kit layout', () => {
  it('draws mrkdwn as Slack shows it: links by label, mentions by name, code as typed, escaped text', () => {
    expect(mrkdwnToHtml('*web* <https://buildkite.com/acme/web|web #1> <@U1> `a *b*` :red_circle:', { U1: 'jane' })).toBe(
      '<b>web</b> <a>web #1</a> <span class="mention">@jane</span> <code>a *b*</code> 🔴',
    );
    // Slack's own escapes come back as characters, then are escaped for HTML: nothing becomes markup.
    expect(mrkdwnToHtml('&lt;script&gt;alert(1)&lt;/script&gt; ```<b>x</b>```')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; <pre>&lt;b&gt;x&lt;/b&gt;</pre>');
  });

  it('draws a channel mention by the channel\'s name, never its id', () => {
    const home = pictureHtml({ title: 't', place: 'Home', channels: { C0WEB: 'web-builds' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '• <#C0WEB>: *web*' } }] });
    expect(home).toContain('<span class="mention">#web-builds</span>');
    expect(home).not.toContain('C0WEB');
    expect(mrkdwnToHtml('<#C0OPS|ops>')).toBe('<span class="mention">#ops</span>');
    expect(mrkdwnToHtml('<#C0SECRET>')).toBe('<span class="mention">#private-channel</span>');
  });

  it('draws buttons with their styles and an overflow menu as ⋯', () => {
    const html = pictureHtml({
      title: 't',
      place: '#web',
      blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Retry' }, style: 'primary' }, { type: 'overflow', options: [{ text: { type: 'plain_text', text: 'Artifacts' } }] }] }],
    });
    expect(html).toContain('<span class="button primary">Retry</span>');
    expect(html).toContain('title="Artifacts">⋯</span>');
  });
});
