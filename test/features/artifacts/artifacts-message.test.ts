import { describe, expect, it } from 'vitest';
import { humanSize } from '../../../src/features/artifacts/artifacts-message.js';

describe('artifact sizes', () => {
  it('sizes are human', () => {
    expect(humanSize(11)).toBe('11 B');
    expect(humanSize(1536)).toBe('1.5 KB');
    expect(humanSize(15 * 1024 * 1024)).toBe('15 MB');
  });
});
