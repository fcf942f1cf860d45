import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CHANNEL, type Harness, startHarness, textOf } from './harness.js';

export interface FailedBuild {
  h: Harness;
  build: { id: string; number: number; jobIds: string[] };
  runId: string;
  testId: string;
  clusterId: string;
  /** Posts the build's card in the channel (`/buildkite build web <n>`) and returns it. */
  card: () => Promise<StoredMessage>;
}

/**
 * A harness with Jane connected and a failed build of `web` (a pipeline in the `Default` cluster): one
 * failed job with a log line and an artifact, an annotation, and a failed Test Engine run of `rspec`.
 */
export async function startWithFailedBuild(): Promise<FailedBuild> {
  const h = await startHarness();
  const jane = h.connect('U0JANE', 'Jane Doe').buildkiteUserId;
  const clusterId = h.org.addCluster({ name: 'Default' }).id;
  h.org.addPipeline({ slug: 'web', name: 'Web', clusterId, repository: 'git@github.com:acme/web.git' });
  const build = h.org.addBuild({
    pipeline: 'web', state: 'failed', branch: 'main', commit: 'b'.repeat(40), message: 'Tests fail', creator: jane,
    jobs: [{ name: ':rspec: Tests', state: 'failed', exitStatus: 1, logLines: ['boom'], artifacts: [{ path: 'coverage/report.txt', content: 'covered 93%' }] }],
  });
  h.org.addAnnotation({ buildId: build.id, context: 'lint', style: 'error', body: '**3 offences** in [the report](https://example.test/r) <!channel>' });
  h.org.addSuite({ slug: 'rspec' });
  const testId = h.org.addTest({ suite: 'rspec', scope: 'User', name: 'validates email', location: 'spec/user_spec.rb:12' }).id;
  const runId = h.org.addTestRun({ suite: 'rspec', branch: 'main', commitSha: 'b'.repeat(40), result: 'failed', buildId: build.id, failedExecutions: [{ testId, failureReason: 'expected valid got invalid', backtrace: ['spec/user_spec.rb:14'] }] }).id;

  async function card(): Promise<StoredMessage> {
    const before = h.slack.messages(CHANNEL).length;
    await h.slash('U0JANE', `build web ${build.number}`);
    return h.slack.waitFor(() => h.slack.messages(CHANNEL).slice(before).find((m) => !m.thread_ts && textOf(m).includes('build_actions')), 10_000, 'card');
  }
  return { h, build, runId, testId, clusterId, card };
}
