import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, textOf } from '../harness/harness.js';
import { ask } from '../harness/interactions.js';

describe('Buildkite’s rate limit (about 50 requests a minute per user)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
    h.connect('U0BOB', 'Bob Stone');
    h.org.addPipeline({ slug: 'web', name: 'Web' });
  });
  afterAll(async () => h.stop());

  it('a 429 is explained as a rate limit on that person’s account, with when to try again, never as “unreachable”; others are not affected', async () => {
    expect(textOf(await ask(h, 'U0JANE', 'status web'))).toContain('Latest builds');
    expect(textOf(await ask(h, 'U0BOB', 'status web'))).toContain('Latest builds');
    h.org.rateLimitPerMinute = 2;
    try {
      await ask(h, 'U0JANE', 'status web');
      await ask(h, 'U0JANE', 'status web');
      const limited = textOf(await ask(h, 'U0JANE', 'status web'));
      expect(limited).toMatch(/Buildkite is rate-limiting your account \(about 50 requests a minute\); try again in \d{1,2} seconds?\./);
      expect(limited).not.toMatch(/unreachable/i);
      expect(textOf(await ask(h, 'U0BOB', 'status web'))).toContain('Latest builds');
    } finally {
      h.org.rateLimitPerMinute = undefined;
    }
  });
});

describe('Buildkite’s rate limit as the hosted server finally says it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.connect('U0JANE', 'Jane Doe');
    h.org.addPipeline({ slug: 'web', name: 'Web' });
  });
  afterAll(async () => h.stop());

  it('the body with its wait, under a generic Scalekit code, is said as a rate limit with that wait', async () => {
    h.org.rateLimitPerMinute = 1;
    try {
      await ask(h, 'U0JANE', 'status web');
      const limited = textOf(await ask(h, 'U0JANE', 'status web'));
      const failed = h.scalekit.toolCalls.filter((c) => c.outcome && !c.outcome.ok).at(-1)!;
      expect(failed.outcome).toMatchObject({ ok: false, text: expect.stringContaining('"message":"You have exceeded your API rate limit. Please wait') as unknown });
      const wait = /Please wait (\d+) seconds/.exec((failed.outcome as { text: string }).text)![1];
      expect(limited).toContain(`Buildkite is rate-limiting your account (about 50 requests a minute); try again in ${wait} seconds.`);
      expect(limited).not.toMatch(/unreachable|said no|misconfigured/i);
    } finally {
      h.org.rateLimitPerMinute = undefined;
    }
  });
});
