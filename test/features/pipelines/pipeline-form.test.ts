import { describe, expect, it } from 'vitest';
import { yamlProblem } from '../../../src/features/pipelines/pipeline-form.js';

describe('pipeline form', () => {
  it('checks YAML before it is sent', () => {
    expect(yamlProblem('steps:\n  - command: make\n')).toBeNull();
    expect(yamlProblem('steps: [unclosed')).toMatch(/YAML/);
    expect(yamlProblem('- just a list')).toMatch(/mapping/);
    expect(yamlProblem('env: {}')).toMatch(/steps/);
  });
});
