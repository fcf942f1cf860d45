/** Realistic job logs for the demo org: agent preamble, sections, and failures in the last lines. */

const RED = '\u001b[31m';
const GREEN = '\u001b[32m';
const RESET = '\u001b[0m';

function preamble(agent: string, commit: string): string[] {
  return [
    `~~~ Running agent environment hook`,
    `Running global environment hook`,
    `~~~ Preparing working directory`,
    `$ cd /var/lib/buildkite-agent/builds/${agent}/acme`,
    `$ git fetch -v --prune -- origin ${commit}`,
    `From github.com:acme/monorepo`,
    ` * branch            ${commit} -> FETCH_HEAD`,
    `$ git checkout -f ${commit.slice(0, 12)}`,
    `HEAD is now at ${commit.slice(0, 7)}`,
  ];
}

export function passedLog(agent: string, commit: string, command: string, body: string[]): string[] {
  return [...preamble(agent, commit), `--- :hammer: Running ${command}`, `$ ${command}`, ...body, `${GREEN}✔ Done${RESET}`];
}

export function jestFailureLog(agent: string, commit: string): string[] {
  return [
    ...preamble(agent, commit),
    '--- :yarn: Installing dependencies',
    '$ yarn install --frozen-lockfile',
    '[1/4] Resolving packages...',
    'success Already up-to-date.',
    '--- :jest: Running unit tests',
    '$ yarn test --ci --reporters=default --reporters=jest-junit',
    'PASS src/cart/cart.test.ts (4.1 s)',
    'PASS src/auth/session.test.ts',
    `${RED}FAIL${RESET} src/checkout/coupon.test.ts`,
    '  ● applyCoupon › rounds percentage discounts to the cent',
    '',
    '    expect(received).toBe(expected) // Object.is equality',
    '',
    '    Expected: 17.99',
    '    Received: 17.989999999999998',
    '',
    '      at Object.<anonymous> (src/checkout/coupon.test.ts:42:31)',
    `${RED}FAIL${RESET} src/checkout/totals.test.ts`,
    '  ● totals › applies coupon before tax',
    '    Expected: 21.59',
    '    Received: 21.58',
    '+++ :warning: Dumping environment for debugging',
    'NODE_ENV=test',
    'AWS_REGION=us-east-1',
    'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
    'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'Test Suites: 2 failed, 41 passed, 43 total',
    'Tests:       2 failed, 388 passed, 390 total',
    `${RED}error${RESET} Command failed with exit code 1.`,
    '🚨 Error: The command exited with status 1',
  ];
}

export function rspecFailureLog(agent: string, commit: string): string[] {
  return [
    ...preamble(agent, commit),
    '--- :bundler: bundle install',
    'Bundle complete! 142 Gemfile dependencies, 231 gems now installed.',
    '--- :rspec: Running specs',
    '$ bundle exec rspec --format progress',
    '.......................F.....................',
    'Failures:',
    '  1) Orders::Migrate converts order ids to bigint',
    '     Failure/Error: expect(Order.columns_hash["id"].sql_type).to eq("bigint")',
    '       expected: "bigint"',
    '            got: "integer"',
    '     # ./spec/models/orders/migrate_spec.rb:18:in `block (2 levels) in <top (required)>`',
    'Finished in 2 minutes 11.4 seconds (files took 6.2 seconds to load)',
    '812 examples, 1 failure',
    'rspec ./spec/models/orders/migrate_spec.rb:12 # Orders::Migrate converts order ids to bigint',
    '🚨 Error: The command exited with status 1',
  ];
}

export function timeoutLog(agent: string, commit: string): string[] {
  return [
    ...preamble(agent, commit),
    '--- :database: Checking migrations against a production snapshot',
    '$ bin/rails db:migrate:status',
    'Restoring snapshot orders-2026-06-01 (148 GB)...',
    'Still restoring (10m elapsed)',
    'Still restoring (20m elapsed)',
    `${RED}# Timeout reached after 30 minutes, sending SIGTERM${RESET}`,
    '🚨 Error: The command was interrupted by a signal: terminated',
  ];
}

export function xcodeFailureLog(agent: string, commit: string): string[] {
  return [
    ...preamble(agent, commit),
    '--- :xcode: Building Acme.xcworkspace (Release)',
    '$ bundle exec fastlane ios build',
    '[12:01:14]: ▸ Compiling AppDelegate.swift',
    '[12:03:52]: ▸ Linking Acme',
    `${RED}[12:03:55]: ▸ error: Provisioning profile "Acme AppStore" has expired${RESET}`,
    '[12:03:55]: Exit status: 65',
    '🚨 Error: The command exited with status 65',
  ];
}

export function shardLog(shard: number, total: number, failed: boolean): string[] {
  const lines = [`--- :iphone: Device tests shard ${shard}/${total}`, `$ bin/device-tests --shard ${shard} --of ${total}`];
  if (!failed) return [...lines, `${GREEN}42 passed${RESET} in 61.3s`];
  return [...lines, `${RED}FAILED${RESET} ProfileScreenTests.testAvatarUpload (timeout after 30s)`, '41 passed, 1 failed in 92.8s',
    '🚨 Error: The command exited with status 1'];
}
