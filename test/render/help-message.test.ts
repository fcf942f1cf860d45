import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import { help } from '../../src/render/help-message.js';
import { helpSubcommands } from '../../src/slack/command-router.js';

const textOf = (blocks: unknown[]) => (blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '').join('\n');

describe('help', () => {
  const lines = textOf(help(helpSubcommands(FEATURES.flatMap((f) => f.subcommands))).blocks).split('\n').filter((l) => l.startsWith('`/buildkite'));

  it('lists each subcommand once, and no parent line that only repeats its nested ones', () => {
    const usages = lines.map((l) => l.slice(0, l.indexOf('` ')));
    expect(new Set(usages).size).toBe(usages.length);
    expect(lines.some((l) => l.startsWith('`/buildkite incident pause|resume`'))).toBe(false);
    expect(lines.some((l) => l.includes('| notify off`'))).toBe(false);
    for (const nested of ['`/buildkite incident resume`', '`/buildkite notify off`', '`/buildkite build new &lt;pipeline&gt;`']) expect(lines.some((l) => l.startsWith(nested))).toBe(true);
    // A parent that does something of its own stays.
    expect(lines.some((l) => l.startsWith('`/buildkite build &lt;pipeline&gt; &lt;number&gt;'))).toBe(true);
  });
});

describe('help', () => {
  it('names the unknown subcommand, escaped', () => {
    const msg = help([{ usage: 'whoami', description: 'Who you are' }], '<!here>');
    expect(JSON.stringify(msg.blocks)).toContain('&lt;!here&gt;');
    expect(JSON.stringify(msg.blocks)).not.toContain('<!here>');
  });
});
