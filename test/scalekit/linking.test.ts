import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleLogger, LogLevel } from '@slack/logger';
import { Metrics } from '../../src/observability/metrics.js';
import { ScalekitGateway } from '../../src/scalekit/gateway.js';
import { Linking } from '../../src/scalekit/linking.js';
import { MemoryStore } from '../../src/store/memory.js';
import type { ScalekitFake } from '../../src/sandbox/scalekit/index.js';
import { CLIENT_ID, CLIENT_SECRET, startFake } from '../harness/scalekit-fake-helpers.js';

const MINUTE = 60_000;

describe('authorization links', () => {
  let fake: ScalekitFake;
  let now: number;
  const clock = () => new Date(now);

  beforeEach(async () => {
    now = Date.parse('2026-12-02T09:00:00Z');
    // Scalekit publishes no lifetime for its links: here they live two hours.
    fake = await startFake({ linkTtlMs: 120 * MINUTE, now: clock });
  });
  afterEach(async () => fake.stop());

  const linkingWith = (verification?: (userId: string) => { userVerifyUrl: string; state: string; expiresAt: Date }) => {
    const logger = new ConsoleLogger();
    logger.setLevel(LogLevel.ERROR);
    const gateway = new ScalekitGateway({ environmentUrl: fake.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, connectionName: 'buildkitemcp', toolTimeoutMs: 5_000 }, logger, new Metrics());
    return new Linking(gateway, new MemoryStore(() => now), clock, verification);
  };

  it('a link carrying a verification state is never offered after that state expires, however long Scalekit keeps the link', async () => {
    const linking = linkingWith((userId) => ({ userVerifyUrl: 'https://bot.example.com/verify', state: `signed-${userId}`, expiresAt: new Date(now + 30 * MINUTE) }));
    const first = await linking.linkFor('U0JANE');
    expect(first.reused).toBe(false);
    expect(first.expiresAt.getTime()).toBe(now + 30 * MINUTE);

    now += 20 * MINUTE;
    const again = await linking.linkFor('U0JANE');
    expect(again).toMatchObject({ reused: true, url: first.url });

    // 29.5 minutes on, the state has under the safety margin left: a new link with a new state.
    now += 9.5 * MINUTE;
    const fresh = await linking.linkFor('U0JANE');
    expect(fresh.reused).toBe(false);
    expect(fresh.url).not.toBe(first.url);
  });

  it('without user verification, a link is reused for as long as Scalekit says it lives', async () => {
    const linking = linkingWith();
    const first = await linking.linkFor('U0JANE');
    expect(first.expiresAt.getTime()).toBe(now + 120 * MINUTE);
    now += 100 * MINUTE;
    expect(await linking.linkFor('U0JANE')).toMatchObject({ reused: true, url: first.url });
  });

  it('never offers a link again once it may have been completed, even if nobody told it so', async () => {
    const linking = linkingWith();
    const first = await linking.linkFor('U0JANE');
    // Completed in a browser; then the connection lapses, the link still within its lifetime.
    fake.openLinkAs(first.url, { userId: 'bk-jane', scopes: ['read_builds'] });
    fake.expireAccount('U0JANE');
    const next = await linking.linkFor('U0JANE');
    expect(next.reused).toBe(false);
    expect(next.url).not.toBe(first.url);
  });
});
