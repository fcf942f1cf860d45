import { describe, expect, it } from 'vitest';
import { parseKeyValueLines } from '../../src/slack/form-values.js';

describe('form parsers', () => {
  it('reads KEY=VALUE lines and names the bad line', () => {
    expect(parseKeyValueLines('A=1\n\n B = two=2 ')).toEqual({ values: { A: '1', B: 'two=2' } });
    expect(parseKeyValueLines('A=1\nnope')).toEqual({ problem: expect.stringContaining('Line 2') });
    expect(parseKeyValueLines('1X=1')).toHaveProperty('problem');
  });
});
