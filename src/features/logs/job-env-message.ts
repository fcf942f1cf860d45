import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, type Message, context, section } from '../../render/message.js';
import { count } from '../../render/count.js';

/** Keys whose values are harmless to show; every other value is masked. */
const ENV_ALLOW_LIST = new Set([
  'BUILDKITE_BRANCH', 'BUILDKITE_COMMIT', 'BUILDKITE_BUILD_NUMBER', 'BUILDKITE_PIPELINE_SLUG', 'BUILDKITE_ORGANIZATION_SLUG',
  'BUILDKITE_JOB_ID', 'BUILDKITE_BUILD_ID', 'BUILDKITE_LABEL', 'BUILDKITE_STEP_KEY', 'BUILDKITE_SOURCE', 'BUILDKITE_BUILD_URL',
  'BUILDKITE_PULL_REQUEST', 'BUILDKITE_TAG', 'BUILDKITE_RETRY_COUNT', 'BUILDKITE_PARALLEL_JOB', 'BUILDKITE', 'CI',
]);
const MASK = '••••••';

export function envLines(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .map((key) => `${inlineCode(truncate(key, 200))} = ${ENV_ALLOW_LIST.has(key) ? inlineCode(truncate(env[key] ?? '', 200)) : MASK}`);
}

/** The job's environment, for the requester only; values outside the allow-list never leave Buildkite unmasked. */
export function jobEnvMessage(title: string, env: Record<string, string>): Message {
  const lines = envLines(env);
  const blocks: Block[] = [section(`:gear: Environment of ${truncate(title, 2000)}`)];
  let chunk = '';
  for (const line of lines) {
    if (chunk.length + line.length + 1 > 2900) {
      if (blocks.length >= 46) break;
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  if (lines.length === 0) blocks.push(context('No environment variables.'));
  blocks.push(context(`Only you can see this. Values are masked except ${escapeMrkdwn([...ENV_ALLOW_LIST].slice(0, 4).join(', '))} and similar.`));
  return { text: `Environment (${count(lines.length, 'variable')}, values masked)`, blocks };
}
