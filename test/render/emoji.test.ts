import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emojiLabel, emojiText, isStandardEmoji, setWorkspaceEmoji } from '../../src/render/emoji.js';
import { buildCard } from '../../src/features/builds/build-card.js';
import type { Job } from '../../src/buildkite/builds.js';

afterEach(() => setWorkspaceEmoji([]));

describe('Buildkite emoji in labels', () => {
  it('keeps standard shortcodes and drops Buildkite-only ones', () => {
    expect(emojiLabel(':jest: Tests')).toBe('Tests');
    expect(emojiLabel(':rspec: :docker: Specs :white_check_mark:')).toBe('Specs :white_check_mark:');
    expect(emojiLabel(':rocket: Deploy')).toBe(':rocket: Deploy');
    expect(emojiLabel(':+1::skin-tone-3: ok')).toBe(':+1::skin-tone-3: ok');
    // Only a shortcode standing alone is one.
    expect(emojiLabel('wait 10:30:45 then go')).toBe('wait 10:30:45 then go');
    // A label made only of unknown shortcodes keeps their words.
    expect(emojiLabel(':pipeline:')).toBe('pipeline');
    expect(emojiLabel(':k8s: :helm-chart:')).toBe('k8s helm chart');
  });

  it('drops them from longer text too (an annotation), leaving code as typed', () => {
    expect(emojiText('### :jest: 2 tests failed :x:\n- `:jest:` in code stays')).toBe('### 2 tests failed :x:\n- `:jest:` in code stays');
  });

  it('keeps the workspace\'s own custom emoji once emoji.list has named them', () => {
    expect(emojiLabel(':jest: Tests')).toBe('Tests');
    setWorkspaceEmoji(['jest']);
    expect(emojiLabel(':jest: Tests')).toBe(':jest: Tests');
  });

  it('no Buildkite-only shortcode survives into a card\'s labels when the workspace lacks it', () => {
    const job = (id: string, name: string, state: string): Job => ({ id, type: 'script', name, state });
    const build = {
      id: 'b', number: 9, state: 'failed', branch: 'main', commit: 'abc', message: 'Fix :bug:', web_url: 'https://buildkite.com/acme/web/builds/9',
      jobs: [job('j1', ':jest: Jest', 'failed'), job('j2', ':rspec: RSpec', 'failed'), job('j3', ':docker: :buildkite: Image', 'passed'), job('j4', ':eslint: Lint', 'running')],
    };
    const text = JSON.stringify(buildCard({ build, pipeline: 'web', now: new Date() }).blocks);
    for (const code of [':jest:', ':rspec:', ':docker:', ':buildkite:', ':eslint:']) expect(text).not.toContain(code);
    expect(text).toContain('Jest');
    expect(text).toContain('Lint');
  });

  it('the bot\'s own messages use standard emoji only', () => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? (f === 'sandbox' ? [] : files(join(dir, f))) : f.endsWith('.ts') && f !== 'slack-emoji-names.ts' ? [join(dir, f)] : []));
    const unknown = new Set<string>();
    // Not Slack text: comments, Buildkite pipeline YAML (Buildkite shows its own emoji) and SQLite's in-memory path.
    const notSlackText = (line: string) => /^\s*(\/\/|\*|\/\*)|label: |':memory:'/.test(line);
    for (const file of files('src')) {
      const source = readFileSync(file, 'utf8').split('\n').filter((line) => !notSlackText(line)).join('\n');
      for (const [, name] of source.matchAll(/(?<![\w:])['"`\s(]?:([a-z][a-z0-9_+-]*):(?![\w])/g)) if (!isStandardEmoji(name!)) unknown.add(`${name} (${file})`);
    }
    expect([...unknown]).toEqual([]);
  });
});
