import { describe, expect, it } from 'vitest';
import type { Build } from '../../../src/buildkite/builds.js';
import { stateChangeNote } from '../../../src/features/notifications/notification-messages.js';

const build = (state: string, over: Partial<Build> = {}): Build => ({ id: 'b-105', number: 105, state, web_url: 'https://buildkite.com/acme/web/builds/105', ...over });

describe('stateChangeNote', () => {
  it('names the build and the state it reached; a blocked build waits to be unblocked', () => {
    expect(stateChangeNote(build('running'))).toBe(':large_blue_circle: <https://buildkite.com/acme/web/builds/105|#105> is running.');
    expect(stateChangeNote(build('passed', { blocked: true }))).toContain('is waiting to be unblocked.');
    expect(stateChangeNote(build('failed'))).toContain('is failed.');
  });

  it('says nothing of passing states', () => {
    for (const state of ['scheduled', 'creating', 'canceling', 'skipped']) expect(stateChangeNote(build(state))).toBeUndefined();
  });
});
