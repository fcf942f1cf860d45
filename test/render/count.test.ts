import { describe, expect, it } from 'vitest';
import { count } from '../../src/render/count.js';

describe('counts', () => {
  it('agree with their nouns', () => {
    expect(count(1, 'queue')).toBe('1 queue');
    expect(count(3, 'queue')).toBe('3 queues');
    expect(count(0, 'queue')).toBe('0 queues');
  });
});
