import { distance } from 'fastest-levenshtein';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typoDistance } from '../../src/slack/edit-distance.js';
import { nearestSubcommand } from '../../src/slack/command-router.js';
import { FEATURES } from '../../src/features/index.js';

describe('typo distance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(typoDistance('buidl', 'build')).toBe(1);
    expect(typoDistance('bulid', 'build')).toBe(1);
    expect(typoDistance('stauts', 'status')).toBe(1);
    expect(typoDistance('ca', 'abc')).toBe(3); // optimal string alignment: no substring edited twice
    expect(typoDistance('', 'web')).toBe(3);
    expect(typoDistance('web', 'web')).toBe(0);
  });

  it('is never more than Levenshtein, and equal to it when no letters are swapped', () => {
    fc.assert(fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
      const d = typoDistance(a, b);
      expect(d).toBeLessThanOrEqual(distance(a, b));
      expect(d).toBe(typoDistance(b, a));
    }));
    expect(typoDistance('kitten', 'sitting')).toBe(distance('kitten', 'sitting'));
  });
});

describe('did you mean, for a mistyped subcommand', () => {
  const subcommands = FEATURES.flatMap((f) => f.subcommands ?? []);
  it.each(['buidl', 'bulid', 'biuld', 'stauts', 'statsu', 'lgos'])('%s is near a subcommand', (typed) => {
    expect(nearestSubcommand(subcommands, typed)?.name).toBe({ buidl: 'build', bulid: 'build', biuld: 'build', stauts: 'status', statsu: 'status', lgos: 'logs' }[typed]);
  });
  it('a word far from every subcommand is not', () => {
    expect(nearestSubcommand(subcommands, 'frobnicate')).toBeUndefined();
  });
});
