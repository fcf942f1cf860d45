import { describe, expect, it } from 'vitest';
import { fieldRefusal } from '../../../src/features/builds/unblock-refusal.js';
import { Forbidden, Invalid } from '../../../src/scalekit/errors.js';

describe('fieldRefusal: the fields Buildkite named when it refused an unblock', () => {
  it('reads required and constrained fields, with their options as a hint', () => {
    const refusal = fieldRefusal(new Invalid('Validation Failed: release-name is required, region must be one of: eu, us, ap-south, notes is required'));
    expect(refusal?.fields.map((f) => f.key)).toEqual(['release-name', 'region', 'notes']);
    expect(refusal?.fields[1]?.hint).toBe('One of: eu, us, ap-south');
  });

  it('a validation refusal naming nothing readable asks for a free form; other failures are not field refusals', () => {
    expect(fieldRefusal(new Invalid('Validation Failed'))).toEqual({ reason: 'Validation Failed', fields: [] });
    expect(fieldRefusal(new Invalid("The job's state must be blocked"))).toBeUndefined();
    expect(fieldRefusal(new Forbidden('Validation Failed: x is required'))).toBeUndefined();
    expect(fieldRefusal(new Error('release-name is required'))).toBeUndefined();
  });
});
