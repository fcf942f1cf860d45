/**
 * The demo organisation `acme` for the offline sandbox and the end-to-end tests. Deterministic:
 * every id comes from fixed values or the org's counter, every time is relative to the org's clock.
 */
import type { FakeBuildkiteOrg } from './index.js';
import type { BlockField } from './model.js';
import { jestFailureLog, passedLog, rspecFailureLog, shardLog, timeoutLog, xcodeFailureLog } from './seed-logs.js';

/** Fixed user ids, so a sandbox can map its people to Buildkite users before seeding. */
export const DEMO_USERS = {
  priya: { id: '01970a00-0000-7000-8000-0000000000a1', name: 'Priya Raman', email: 'priya@acme.dev' },
  tom: { id: '01970a00-0000-7000-8000-0000000000a2', name: 'Tom Becker', email: 'tom@acme.dev' },
  ana: { id: '01970a00-0000-7000-8000-0000000000a3', name: 'Ana Souza', email: 'ana@acme.dev' },
  sam: { id: '01970a00-0000-7000-8000-0000000000a4', name: 'Sam Okafor', email: 'sam@acme.dev' },
} as const;

const RELEASE_FIELDS: BlockField[] = [
  { key: 'release-name', text: 'Release name', hint: 'e.g. 2026.06.2', required: true },
  {
    key: 'rollout', select: 'Rollout strategy', required: true, default: 'canary',
    options: [{ label: 'Canary (5% first)', value: 'canary' }, { label: 'All at once', value: 'all-at-once' }],
  },
];

export interface DemoOrg {
  users: typeof DEMO_USERS;
  clusters: { main: string; deploy: string };
  queues: { default: string; linuxLarge: string; macos: string; deploy: string; deployCanary: string };
  agents: Record<string, string>;
  builds: Record<string, { pipeline: string; number: number; id: string; jobIds: string[] }>;
  jobs: {
    webUnitTestsFailed: string; webUnitTestsRunning: string; apiRspecFailed: string; apiMigrationTimedOut: string;
    mobileIosFailed: string; deployBlock: string; deployProduction: string; deployBlockUnblocked: string;
  };
  schedules: { webNightly: string; apiAudit: string; mobileWeekly: string };
  suite: { slug: string; failedRun: string; passedRun: string; tests: string[] };
}

const COMMITS = {
  web1: '9f3c2a1e7b4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f', web2: 'a41f0c9d2e8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c',
  web3: 'c7e2d9a4b1f0e3d6c9b2a5f8e1d4c7b0a3f6e9d2', web4: 'e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
  api1: '1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c', api2: '2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d',
  api3: '3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e', mob1: '4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f',
  mob2: '5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a', mob3: '6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b',
  dep1: '7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c', dep2: '8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d',
} as const;

const PIPELINE_YAML = (label: string, command: string, queue: string): string =>
  `steps:\n  - label: "${label}"\n    command: "${command}"\n    agents:\n      queue: "${queue}"\n`;

export function seedDemoOrg(org: FakeBuildkiteOrg): DemoOrg {
  const now = org.now();
  const ago = (minutes: number): Date => new Date(now.getTime() - minutes * 60_000);
  const { priya, tom, ana, sam } = DEMO_USERS;
  for (const [i, user] of [priya, tom, ana, sam].entries()) org.addUser({ ...user, createdAt: ago(500_000 - i * 20_000) });
  const author = (u: { name: string; email: string }, username: string) => ({ name: u.name, email: u.email, username });

  // Clusters, queues and agents ---------------------------------------------------------------------
  const main = org.addCluster({ name: 'Default cluster', description: 'CI for every repository', emoji: ':toolbox:', color: '#E0F2FE', createdBy: priya.id, maintainers: [priya.id], createdAt: ago(400_000) }).id;
  const deploy = org.addCluster({ name: 'Deploy', description: 'Production deploy agents', emoji: ':rocket:', color: '#FEE2E2', createdBy: priya.id, createdAt: ago(390_000) }).id;
  const queues = {
    default: org.addQueue({ clusterId: main, key: 'default', description: 'General Linux builds', isDefault: true, createdBy: priya.id, createdAt: ago(400_000) }).id,
    linuxLarge: org.addQueue({ clusterId: main, key: 'linux-large', description: '16 vCPU builders for E2E and device tests', createdBy: priya.id, createdAt: ago(380_000) }).id,
    macos: org.addQueue({ clusterId: main, key: 'macos', description: 'Mac minis for iOS builds', createdBy: tom.id, createdAt: ago(370_000),
      paused: { by: tom.id, note: 'Upgrading to Xcode 16.4 — back after lunch', at: ago(95) } }).id,
    deploy: org.addQueue({ clusterId: deploy, key: 'deploy', description: 'Production deploys', isDefault: true, createdBy: priya.id, createdAt: ago(390_000) }).id,
    deployCanary: org.addQueue({ clusterId: deploy, key: 'deploy-canary', description: 'Canary deploys', createdBy: priya.id, createdAt: ago(300_000) }).id,
  };
  const agents: Record<string, string> = {};
  const agentSpecs: [string, string, Parameters<FakeBuildkiteOrg['addAgent']>[0]?][] = [
    ['ci-1', queues.default], ['ci-2', queues.default], ['ci-3', queues.default], ['ci-4', queues.default, { name: 'ci-4', connectionState: 'disconnected' }],
    ['ci-large-1', queues.linuxLarge], ['ci-large-2', queues.linuxLarge],
    ['mac-mini-1', queues.macos], ['mac-mini-2', queues.macos, { name: 'mac-mini-2', connectionState: 'lost' }],
    ['deploy-1', queues.deploy], ['deploy-2', queues.deploy, { name: 'deploy-2', paused: true, pausedNote: 'Rotating credentials', pausedBy: priya.id }],
    ['canary-1', queues.deployCanary],
  ];
  agentSpecs.forEach(([name, queueId, extra], i) => {
    agents[name] = org.addAgent({ name, queueId, ipAddress: `10.0.${Math.floor(i / 4) + 1}.${10 + i}`, createdAt: ago(20_000 - i * 30), ...extra }).id;
  });

  // Pipelines -------------------------------------------------------------------------------------
  org.addPipeline({ slug: 'web', name: 'Web', description: 'Customer-facing web app', repository: 'git@github.com:acme/web.git', clusterId: main,
    configuration: PIPELINE_YAML(':pipeline: Upload', 'buildkite-agent pipeline upload', 'default'), tags: ['frontend'], createdAt: ago(300_000) });
  org.addPipeline({ slug: 'api', name: 'API', description: 'Rails API', repository: 'git@github.com:acme/api.git', clusterId: main,
    configuration: PIPELINE_YAML(':pipeline: Upload', 'buildkite-agent pipeline upload', 'default'), tags: ['backend'], createdAt: ago(299_000) });
  org.addPipeline({ slug: 'mobile', name: 'Mobile', description: 'iOS and Android apps', repository: 'git@github.com:acme/mobile.git', clusterId: main,
    configuration: PIPELINE_YAML(':pipeline: Upload', 'buildkite-agent pipeline upload', 'default'), createdAt: ago(298_000) });
  org.addPipeline({ slug: 'deploy', name: 'Deploy', description: 'Ships api and web to production', repository: 'git@github.com:acme/deploy.git', clusterId: deploy,
    configuration: 'steps:\n  - label: ":docker: Build release image"\n    command: "make release-image"\n  - wait\n  - block: ":shipit: Release to production"\n    key: "release"\n  - label: ":rocket: Deploy to production"\n    command: "bin/deploy production"\n',
    tags: ['deploy'], createdAt: ago(297_000) });

  const builds: DemoOrg['builds'] = {};
  const add = (key: string, input: Parameters<FakeBuildkiteOrg['addBuild']>[0]) => {
    const handle = org.addBuild(input);
    builds[key] = { pipeline: handle.pipeline, number: handle.number, id: handle.id, jobIds: handle.jobIds };
    return handle;
  };
  const ok = (agent: string, commit: string, name: string, command: string, queueId = queues.default) =>
    ({ name, command, state: 'passed' as const, agentId: agents[agent], queueId, logLines: passedLog(agent, commit, command, [`${name}: all checks passed`]) });

  // web ----------------------------------------------------------------------------------------------
  add('web140', { pipeline: 'web', number: 140, state: 'passed', branch: 'main', commit: COMMITS.web1, message: 'Bump react-router to 7.6', author: author(tom, 'tbecker'), createdAt: ago(4_300),
    jobs: [ok('ci-1', COMMITS.web1, ':eslint: Lint', 'yarn lint'), ok('ci-2', COMMITS.web1, ':jest: Unit tests', 'yarn test --ci'), ok('ci-large-1', COMMITS.web1, ':playwright: E2E', 'yarn e2e', queues.linuxLarge)] });
  const web141 = add('web141', { pipeline: 'web', number: 141, state: 'failed', branch: 'main', commit: COMMITS.web2, message: 'Add checkout coupon validation (#812)', author: author(ana, 'asouza'), createdAt: ago(180),
    jobs: [
      ok('ci-1', COMMITS.web2, ':eslint: Lint', 'yarn lint'),
      { name: ':jest: Unit tests', command: 'yarn test --ci', stepKey: 'unit', state: 'failed', exitStatus: 1, agentId: agents['ci-2'], logLines: jestFailureLog('ci-2', COMMITS.web2),
        artifacts: [{ path: 'test-results/junit.xml', content: '<testsuites tests="390" failures="2"></testsuites>\n', mimeType: 'application/xml' },
          { path: 'coverage/lcov-report/index.html', content: '<html><body>Coverage 87.2%</body></html>\n', mimeType: 'text/html' }] },
      ok('ci-large-1', COMMITS.web2, ':playwright: E2E', 'yarn e2e', queues.linuxLarge),
      ok('ci-3', COMMITS.web2, ':docker: Build image', 'docker build -t acme/web .'),
    ] });
  org.addAnnotation({ buildId: web141.id, context: 'jest', style: 'error', priority: 5, body: '### :jest: 2 tests failed\n- `applyCoupon` rounds percentage discounts to the cent\n- `totals` applies coupon before tax' });
  const web142 = add('web142', { pipeline: 'web', number: 142, state: 'running', branch: 'feature/coupon-rounding', commit: COMMITS.web3, message: 'Round coupon discounts with integer cents', author: author(ana, 'asouza'), createdAt: ago(12),
    jobs: [ok('ci-3', COMMITS.web3, ':eslint: Lint', 'yarn lint'),
      { name: ':jest: Unit tests', command: 'yarn test --ci', stepKey: 'unit', state: 'running', agentId: agents['ci-1'], queueId: queues.default, logLines: ['--- :jest: Running unit tests', '$ yarn test --ci', 'PASS src/cart/cart.test.ts'] },
      { name: ':playwright: E2E', command: 'yarn e2e', state: 'scheduled', queueId: queues.linuxLarge }] });
  add('web143', { pipeline: 'web', number: 143, state: 'canceled', branch: 'feature/dark-mode', commit: COMMITS.web4, message: 'WIP dark mode toggle', author: author(tom, 'tbecker'), creator: tom.id, createdAt: ago(60),
    jobs: [ok('ci-2', COMMITS.web4, ':eslint: Lint', 'yarn lint'), { name: ':jest: Unit tests', command: 'yarn test --ci', state: 'canceled', agentId: agents['ci-3'], logLines: ['--- :jest: Running unit tests', '# Received cancellation signal, interrupting'] }] });

  // api ----------------------------------------------------------------------------------------------
  add('api87', { pipeline: 'api', number: 87, state: 'passed', branch: 'main', commit: COMMITS.api1, message: 'Cache shipping rates for 10 minutes', author: author(sam, 'sokafor'), createdAt: ago(2_900),
    jobs: [ok('ci-1', COMMITS.api1, ':rubocop: Rubocop', 'bundle exec rubocop'), ok('ci-2', COMMITS.api1, ':rspec: RSpec', 'bundle exec rspec')] });
  add('api88', { pipeline: 'api', number: 88, state: 'failed', branch: 'main', commit: COMMITS.api2, message: 'Migrate orders table to bigint ids', author: author(sam, 'sokafor'), creator: priya.id, source: 'ui', createdAt: ago(240),
    jobs: [ok('ci-1', COMMITS.api2, ':rubocop: Rubocop', 'bundle exec rubocop'),
      { name: ':rspec: RSpec', command: 'bundle exec rspec', stepKey: 'rspec', state: 'failed', exitStatus: 1, agentId: agents['ci-2'], logLines: rspecFailureLog('ci-2', COMMITS.api2) },
      { name: ':database: Migration check', command: 'bin/rails db:migrate:status', stepKey: 'migrations', state: 'timed_out', exitStatus: -1, agentId: agents['ci-large-2'], queueId: queues.linuxLarge, logLines: timeoutLog('ci-large-2', COMMITS.api2) }] });
  add('api89', { pipeline: 'api', number: 89, state: 'failing', branch: 'feature/rate-limits', commit: COMMITS.api3, message: 'Rate-limit the public orders endpoint', author: author(priya, 'praman'), createdAt: ago(9),
    jobs: [{ name: ':rubocop: Rubocop', command: 'bundle exec rubocop', state: 'failed', exitStatus: 1, agentId: agents['ci-3'],
      logLines: ['--- :rubocop: Rubocop', '$ bundle exec rubocop', 'app/controllers/orders_controller.rb:14:81: C: Layout/LineLength: Line is too long. [131/120]', '1 offense detected', '🚨 Error: The command exited with status 1'] },
    { name: ':rspec: RSpec', command: 'bundle exec rspec', state: 'running', agentId: agents['ci-large-2'], queueId: queues.linuxLarge, logLines: ['--- :rspec: Running specs', '$ bundle exec rspec'] }] });
  add('api90', { pipeline: 'api', number: 90, state: 'scheduled', branch: 'main', commit: COMMITS.api3, message: 'Merge pull request #341 from acme/rate-limits', author: author(priya, 'praman'), createdAt: ago(1),
    jobs: [{ name: ':pipeline: Upload', command: 'buildkite-agent pipeline upload', state: 'scheduled' }] });

  // mobile -------------------------------------------------------------------------------------------
  add('mobile310', { pipeline: 'mobile', number: 310, state: 'passed', branch: 'main', commit: COMMITS.mob1, message: 'Show order tracking map', author: author(tom, 'tbecker'), createdAt: ago(5_000),
    jobs: [ok('ci-1', COMMITS.mob1, ':android: Build APK', './gradlew assembleRelease'), ok('mac-mini-1', COMMITS.mob1, ':xcode: Build iOS', 'bundle exec fastlane ios build', queues.macos)] });
  add('mobile311', { pipeline: 'mobile', number: 311, state: 'failed', branch: 'release/4.2', commit: COMMITS.mob2, message: 'Release 4.2.0', author: author(tom, 'tbecker'), creator: tom.id, source: 'ui', createdAt: ago(130),
    jobs: [ok('ci-2', COMMITS.mob2, ':android: Build APK', './gradlew assembleRelease'),
      { name: ':xcode: Build iOS', command: 'bundle exec fastlane ios build', state: 'failed', exitStatus: 65, agentId: agents['mac-mini-1'], queueId: queues.macos, logLines: xcodeFailureLog('mac-mini-1', COMMITS.mob2) }] });
  const failingShards = new Set([17, 142, 256]);
  add('mobile312', { pipeline: 'mobile', number: 312, state: 'failed', branch: 'main', commit: COMMITS.mob3, message: 'Run the full device matrix for 4.2', author: author(tom, 'tbecker'), createdAt: ago(75),
    jobs: Array.from({ length: 300 }, (_, i) => ({
      name: `:iphone: Device tests ${i + 1}/300`, command: `bin/device-tests --shard ${i + 1} --of 300`, stepKey: `device-${i + 1}`,
      state: failingShards.has(i + 1) ? ('failed' as const) : ('passed' as const), queueId: queues.linuxLarge,
      agentId: agents[i % 2 === 0 ? 'ci-large-1' : 'ci-large-2'], logLines: shardLog(i + 1, 300, failingShards.has(i + 1)),
    })) });

  // deploy -------------------------------------------------------------------------------------------
  const dep55 = add('deploy55', { pipeline: 'deploy', number: 55, state: 'passed', branch: 'main', commit: COMMITS.dep1, message: 'Deploy 2026.06.1', author: author(priya, 'praman'), creator: priya.id, source: 'ui', createdAt: ago(2_000),
    metaData: { 'release-name': '2026.06.1', rollout: 'canary' },
    jobs: [ok('deploy-1', COMMITS.dep1, ':docker: Build release image', 'make release-image', queues.deploy), { type: 'waiter', state: 'passed' },
      { label: ':shipit: Release to production', type: 'manual', state: 'unblocked', fields: RELEASE_FIELDS, unblockable: false,
        unblockedBy: priya.id, unblockedAt: ago(1_990), unblockedFields: { 'release-name': '2026.06.1', rollout: 'canary' } },
      ok('deploy-1', COMMITS.dep1, ':rocket: Deploy to production', 'bin/deploy production', queues.deploy)] });
  const dep56 = add('deploy56', { pipeline: 'deploy', number: 56, state: 'blocked', branch: 'main', commit: COMMITS.dep2, message: 'Deploy api 2026.06.2 to production', author: author(priya, 'praman'), creator: priya.id, source: 'ui', createdAt: ago(35),
    jobs: [ok('deploy-1', COMMITS.dep2, ':docker: Build release image', 'make release-image', queues.deploy), { type: 'waiter', state: 'passed' },
      { label: ':shipit: Release to production', type: 'manual', stepKey: 'release', state: 'blocked', fields: RELEASE_FIELDS },
      { name: ':rocket: Deploy to production', command: 'bin/deploy production', state: 'waiting', queueId: queues.deploy }] });
  add('deploy57', { pipeline: 'deploy', number: 57, state: 'canceled', branch: 'hotfix/cart-500', commit: COMMITS.web3, message: 'Hotfix: cart 500 on empty coupon', author: author(ana, 'asouza'), creator: ana.id, source: 'ui', createdAt: ago(20),
    jobs: [{ name: ':docker: Build release image', command: 'make release-image', state: 'canceled', agentId: agents['deploy-1'], logLines: ['--- :docker: Building', '# Build canceled by Ana Souza'] }] });

  // Schedules ----------------------------------------------------------------------------------------
  const schedules = {
    webNightly: org.addSchedule({ pipeline: 'web', cronline: '0 2 * * *', label: 'Nightly full E2E', message: 'Nightly E2E run', env: { E2E_FULL: 'true' }, createdBy: tom.id }).id,
    apiAudit: org.addSchedule({ pipeline: 'api', cronline: '0 */6 * * *', label: 'Dependency audit', message: 'bundle audit', createdBy: sam.id }).id,
    mobileWeekly: org.addSchedule({ pipeline: 'mobile', cronline: '0 6 * * 1', label: 'Weekly release candidate', branch: 'release/4.2', enabled: false, createdBy: tom.id,
      failed: { message: 'Branch release/4.1 no longer exists', at: ago(10_080) } }).id,
  };

  // Test Engine --------------------------------------------------------------------------------------
  org.addSuite({ slug: 'web-jest', name: 'Web Jest' });
  const tests = [
    org.addTest({ suite: 'web-jest', scope: 'applyCoupon', name: 'rounds percentage discounts to the cent', location: 'src/checkout/coupon.test.ts:42' }).id,
    org.addTest({ suite: 'web-jest', scope: 'totals', name: 'applies coupon before tax', location: 'src/checkout/totals.test.ts:17' }).id,
  ];
  const passedRun = org.addTestRun({ suite: 'web-jest', branch: 'main', commitSha: COMMITS.web1, result: 'passed', buildId: builds.web140?.id, createdAt: ago(4_290) }).id;
  const failedRun = org.addTestRun({ suite: 'web-jest', branch: 'main', commitSha: COMMITS.web2, result: 'failed', buildId: web141.id, createdAt: ago(176),
    failedExecutions: [
      { testId: tests[0] ?? '', failureReason: 'expect(received).toBe(expected) Expected: 17.99 Received: 17.989999999999998', duration: 0.012,
        backtrace: ['at Object.<anonymous> (src/checkout/coupon.test.ts:42:31)'], expanded: ['Expected: 17.99', 'Received: 17.989999999999998'] },
      { testId: tests[1] ?? '', failureReason: 'Expected: 21.59 Received: 21.58', duration: 0.009, backtrace: ['at Object.<anonymous> (src/checkout/totals.test.ts:17:5)'] },
    ] }).id;

  const jobOf = (key: string, index: number): string => builds[key]?.jobIds[index] ?? '';
  return {
    users: DEMO_USERS,
    clusters: { main, deploy },
    queues,
    agents,
    builds,
    jobs: {
      webUnitTestsFailed: jobOf('web141', 1),
      webUnitTestsRunning: web142.jobIds[1] ?? '',
      apiRspecFailed: jobOf('api88', 1),
      apiMigrationTimedOut: jobOf('api88', 2),
      mobileIosFailed: jobOf('mobile311', 1),
      deployBlock: dep56.jobIds[2] ?? '',
      deployProduction: dep56.jobIds[3] ?? '',
      deployBlockUnblocked: dep55.jobIds[2] ?? '',
    },
    schedules,
    suite: { slug: 'web-jest', failedRun, passedRun, tests },
  };
}
