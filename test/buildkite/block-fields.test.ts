import { describe, expect, it } from 'vitest';
import { blockFieldsFromConfiguration } from '../../src/buildkite/block-fields.js';

const yaml = `
steps:
  - command: make test
    label: ":rspec: Tests"
  - wait
  - group: Release
    steps:
      - block: ":rocket: Release to production"
        key: release
        fields:
          - text: "Release name"
            key: release-name
            hint: "e.g. 2026.11.24"
          - select: "Region"
            key: region
            required: false
            default: eu
            options:
              - label: Europe
                value: eu
              - label: US
                value: us
  - block: "Plain gate"
`;

describe('block step fields from pipeline YAML', () => {
  it('finds a block step by key, even inside a group', () => {
    expect(blockFieldsFromConfiguration(yaml, { step_key: 'release' })).toEqual([
      { key: 'release-name', label: 'Release name', required: true, hint: 'e.g. 2026.11.24' },
      { key: 'region', label: 'Region', required: false, default: 'eu', options: [{ label: 'Europe', value: 'eu' }, { label: 'US', value: 'us' }] },
    ]);
  });
  it('finds a block step by label when there is no key, with no fields', () => {
    expect(blockFieldsFromConfiguration(yaml, { label: 'Plain gate' })).toEqual([]);
  });
  it('answers undefined when the step is not in the YAML or the YAML is broken', () => {
    expect(blockFieldsFromConfiguration(yaml, { step_key: 'uploaded-later' })).toBeUndefined();
    expect(blockFieldsFromConfiguration('steps: [', { step_key: 'release' })).toBeUndefined();
    expect(blockFieldsFromConfiguration(null, { step_key: 'release' })).toBeUndefined();
  });
});
