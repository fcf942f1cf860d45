import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestsFeatureWith } from '../../../src/features/digests/feature.js';
import { FEATURES } from '../../../src/features/index.js';
import type { ServerVersion } from '../../../src/sandbox/buildkite-org/index.js';
import { type SeededWeek, seedWeekOfBuilds } from '../../../src/sandbox/buildkite-org/seed-week.js';
import { type Harness, startHarness, textOf } from '../../harness/harness.js';

const CHAN = 'C0DIGVER';
/** `digest now` reads without waiting for the person's budget. */
const features = () => [...FEATURES.filter((f) => f.name !== 'digests'), digestsFeatureWith({ readsPerMinute: 60_000 })];
const MATRIX: { server: ServerVersion; connector: 'server' | 'catalogue' }[] = [
  { server: '1.7', connector: 'server' },
  { server: '1.8', connector: 'server' },
  { server: '1.19', connector: 'server' },
  { server: '1.19', connector: 'catalogue' },
];

/**
 * `digest now` against each shape of Buildkite's MCP server (the fake checks every tool's arguments as
 * that version's strict schema does): v1.7 lists builds with their jobs; newer servers list summaries,
 * and jobs through list_jobs when the connector offers it; a connector with only the catalogue's tools
 * still gets the digest, without step figures.
 */
describe.each(MATRIX)('digest now, Buildkite MCP server v$server, connector offering the $connector tools', ({ server, connector }) => {
  let h: Harness;
  let week: SeededWeek;
  const jobsKnown = server === '1.7' || connector === 'server';

  beforeAll(async () => {
    h = await startHarness({ features: features(), scalekit: { connectorTools: connector } });
    h.org.server = server;
    await h.deps.gateway.warmUp();
    const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
    week = seedWeekOfBuilds(h.org, { end: new Date(Date.now() - 60_000), creator: jane });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it(`posts the week read as the person who asked${jobsKnown ? ', flaky and slowest steps included' : ', without step figures'}`, async () => {
    const sent = await h.slash('U0JANE', 'digest now all weekly', { channelId: CHAN });
    const reading = await h.slack.waitFor(() => h.slack.responseUrlPosts(sent.responseUrl)[0], 10_000, 'the private note');
    expect(textOf(reading.body as { text?: string })).toContain('Reading the last week of all pipelines');
    const posted = await h.slack.waitFor(() => h.slack.messages(CHAN).find((m) => (m.files?.length ?? 0) > 0), 20_000, 'the digest');
    const text = textOf(posted);
    expect(text).toContain(`\`${week.red.pipeline}\` on \`main\` red for`);
    expect(text).toContain(`(by #${week.fixed.fixedBy})`);
    expect(text).toContain(`#${week.blocked.number}> waiting for approval`);
    expect(text).toContain("Read with <@U0JANE>'s Buildkite access");
    expect(text).not.toContain('digest off');
    if (jobsKnown) {
      expect(text).toContain(`\`${week.flaky.pipeline}\` · ${week.flaky.step}: failed then passed on retry in ${week.flaky.builds} builds`);
      expect(text).toContain(`\`${week.slowest.pipeline}\` · ${week.slowest.step}: 15m 0s median`);
    } else {
      expect(text).not.toContain('Flakiest steps');
      expect(text).not.toContain('Slowest steps');
    }
    // No argument any of these servers refuses was left standing: every failure was learnt from, none shown.
    expect(h.logger.lines.filter((l) => /digest.*failed/.test(l))).toEqual([]);
    expect(h.slack.uploads(CHAN)).toHaveLength(1);
  });
});
