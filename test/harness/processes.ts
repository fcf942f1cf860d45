import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { FakeBuildkiteOrg } from '../../src/sandbox/buildkite-org/index.js';
import { ScalekitFake } from '../../src/sandbox/scalekit/index.js';
import { postSigned, slashCommandBody } from '../../src/sandbox/signing.js';
import { SlackApiFake } from '../../src/sandbox/slack-api/index.js';
import { ALL_SCOPES, BOT_TOKEN, SCALEKIT_CLIENT_SECRET, SIGNING_SECRET, assertNoSecretsLogged } from './harness.js';

/** The fakes live in the test process; the bots under test are real child processes. */
export interface Fakes {
  org: FakeBuildkiteOrg;
  scalekit: ScalekitFake;
  slack: SlackApiFake;
  connect(slackUserId: string, name: string): string;
  stop(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const org = new FakeBuildkiteOrg({ slug: 'acme', name: 'Acme' });
  const scalekit = await new ScalekitFake({ org, clientId: 'skc_e2e', clientSecret: SCALEKIT_CLIENT_SECRET }).start();
  const slack = new SlackApiFake({ botToken: BOT_TOKEN });
  await slack.start();
  return {
    org,
    scalekit,
    slack,
    connect(slackUserId, name) {
      const email = `${name.toLowerCase().replace(/\s+/g, '.')}@acme.test`;
      const user = org.addUser({ name, email });
      slack.addUser(slackUserId, { name: name.toLowerCase().replace(/\s+/g, '.'), real_name: name, email });
      scalekit.completeAuthorization(slackUserId, { userId: user.id, scopes: ALL_SCOPES });
      return user.id;
    },
    async stop() {
      await slack.stop();
      await scalekit.stop();
    },
  };
}

/** One bot process (`node --import tsx src/main.ts`) in HTTP mode on a port of its choosing. */
export interface BotProcess {
  port: number;
  url: string;
  eventsUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  exited: Promise<number | string>;
  /** The access tokens Scalekit issued, to search the bot's output for. */
  accessTokens(): readonly string[];
}

export async function spawnBot(fakes: Fakes, databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<BotProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    PORT: '0',
    SLACK_API_URL: fakes.slack.url,
    SCALEKIT_ENVIRONMENT_URL: fakes.scalekit.url,
    SCALEKIT_CLIENT_ID: 'skc_e2e',
    SCALEKIT_CLIENT_SECRET,
    SCALEKIT_TOOL_TIMEOUT_MS: '15000',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start:\n${output}`)), 20_000);
    const check = () => {
      const m = /listening on port (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited (${code}) before listening:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return { port, url, eventsUrl: `${url}/slack/events`, child, output: () => output, exited, accessTokens: () => fakes.scalekit.issuedAccessTokens };
}

/**
 * Ends a bot process if it is still running (SIGKILL: the test is over, nothing to drain), then checks
 * that nothing it printed carries a credential.
 */
export async function killBot(bot: BotProcess | undefined): Promise<void> {
  if (!bot) return;
  if (bot.child.exitCode === null && bot.child.signalCode === null) {
    bot.child.kill('SIGKILL');
    await bot.exited;
  }
  assertNoSecretsLogged(bot.output().split('\n'), bot.accessTokens());
}

/** Sends `/buildkite <text>` to one bot and waits for its first reply on the response_url. */
export async function slash(fakes: Fakes, bot: BotProcess, userId: string, channelId: string, text: string) {
  const responseUrl = fakes.slack.createResponseUrl(channelId, userId);
  const body = slashCommandBody({ command: '/buildkite', text, user_id: userId, channel_id: channelId, response_url: responseUrl, trigger_id: fakes.slack.issueTriggerId({ user: userId }) });
  const res = await postSigned(bot.eventsUrl, SIGNING_SECRET, body);
  if (res.status !== 200) throw new Error(`slash ${text}: HTTP ${res.status}`);
  return { responseUrl, reply: () => fakes.slack.waitFor(() => fakes.slack.responseUrlPosts(responseUrl)[0], 15_000, `reply to ${text}`) };
}

/** Polls until `check` is truthy (the bots run elsewhere: no event to await). */
export async function until<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Button {
  action_id: string;
  value?: string;
  block_id?: string;
}

/** A card's Retry button (an accessory or in an actions block), with the block it sits in. */
export function retryButton(message: { blocks?: unknown[] }): Button | undefined {
  for (const block of (message.blocks ?? []) as { block_id?: string; accessory?: Button; elements?: Button[] }[]) {
    for (const el of [block.accessory, ...(block.elements ?? [])]) if (el?.action_id?.startsWith('retry_job:')) return { ...el, block_id: block.block_id };
  }
  return undefined;
}

/** Resident memory of a process, in MB (Linux: /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

let clockTicks: number | undefined;

/** CPU time a process has used so far, user and system, in seconds (Linux: /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}
