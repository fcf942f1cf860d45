import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../harness/harness.js';

describe('every result envelope and tool-error form', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
  });
  afterAll(async () => h.stop());
  afterEach(() => {
    h.scalekit.envelope = 'object';
    h.scalekit.toolErrors = 'exception';
  });

  for (const envelope of ['object', 'mcp', 'result-string', 'result-value'] as const) {
    it(`whoami works when Scalekit wraps results as ${envelope}`, async () => {
      h.scalekit.envelope = envelope;
      const sent = await h.slash('U0JANE', 'whoami');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000);
      expect(textOf(answer.body)).toContain('Jane Doe');
    });
  }

  it('a token without the scope gets Buildkite’s reason, in both error forms', async () => {
    h.connect('U0READER', 'Rita Reader', ['read_builds']);
    for (const mode of ['exception', 'data'] as const) {
      h.scalekit.toolErrors = mode;
      const sent = await h.slash('U0READER', 'whoami');
      const answer = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000);
      expect(textOf(answer.body)).toContain('Buildkite refused');
      expect(textOf(answer.body)).toContain('read_user');
    }
  });
});
