import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/slack/command-args.js';

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

describe('slash text', () => {
  it('slash text is decoded once: R&D reaches Buildkite as R&D', async () => {
    const { parseArgs } = await import('../../src/slack/command-args.js');
    expect(parseArgs('incident pause linux reason:"R&amp;D &lt;down&gt;"').options.reason).toBe('R&D <down>');
  });
});
