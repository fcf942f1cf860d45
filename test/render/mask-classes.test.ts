import { describe, expect, it } from 'vitest';
import { MASK, maskLines, maskSecrets } from '../../src/render/mask.js';
import { SHAPE_CLASSES } from './mask-classes.js';

describe.each(SHAPE_CLASSES.map((c) => [c.name, c] as const))('%s', (_name, shapeClass) => {
  it.each(shapeClass.leaks.map((l) => [l.text, l] as const))('masks %j', (_text, leak) => {
    const masked = maskSecrets(leak.text);
    for (const secret of leak.secrets) expect(masked, masked).not.toContain(secret);
    expect(masked).toContain(MASK);
    // Line by line, as logs arrive, and keeping the number of lines.
    const lines = maskLines(leak.text.split('\n'), 400);
    expect(lines).toHaveLength(leak.text.split('\n').length);
    for (const secret of leak.secrets) expect(lines.join('\n')).not.toContain(secret);
  });
  it.each(shapeClass.nearMisses)('leaves %j as it was', (text) => {
    expect(maskSecrets(text)).toBe(text);
  });
});
