import type { types } from '@slack/bolt';
import { escapeMrkdwn } from '../../render/escape.js';
import { type FormRead } from '../../slack/modal.js';
import { textInput } from '../../render/form.js';
import { parseKeyValueLines, readValue, type StateValues } from '../../slack/form-values.js';
import { NewBuildModal } from './buttons.js';
import type { NewBuild } from '../../buildkite/builds.js';

const NEW_BUILD_FIELDS = { branch: 'branch', commit: 'commit', message: 'message', env: 'env', meta: 'metadata' } as const;
const F = NEW_BUILD_FIELDS;

export function newBuildModal(meta: { pipeline: string; channel: string }, branch?: string): types.ModalView {
  const pipeline = meta.pipeline;
  return NewBuildModal.view(meta, { title: 'New build', submit: 'Start build', blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: `New build of *${escapeMrkdwn(pipeline)}*` } },
    textInput(F.branch, { label: 'Branch', initial: branch, placeholder: 'main', maxLength: 255 }),
    textInput(F.commit, { label: 'Commit', initial: 'HEAD', hint: 'A SHA, or HEAD for the latest commit on the branch.' }),
    textInput(F.message, { label: 'Message', optional: true, placeholder: 'Why this build?' }),
    textInput(F.env, { label: 'Environment variables', multiline: true, optional: true, placeholder: 'KEY=VALUE, one a line' }),
    textInput(F.meta, { label: 'Metadata', multiline: true, optional: true, placeholder: 'key=value, one a line' }),
  ] });
}

export function readNewBuildForm(values: StateValues): FormRead<NewBuild> {
  const errors: Record<string, string> = {};
  const branch = readValue(values, F.branch);
  if (!branch) errors[F.branch] = 'A branch is required.';
  const env = parseKeyValueLines(readValue(values, F.env));
  if ('problem' in env) errors[F.env] = env.problem;
  const metadata = parseKeyValueLines(readValue(values, F.meta), 'metadata key');
  if ('problem' in metadata) errors[F.meta] = metadata.problem;
  if ('problem' in env || 'problem' in metadata || Object.keys(errors).length > 0) return { errors };
  const commit = readValue(values, F.commit) || 'HEAD';
  const message = readValue(values, F.message) || `Started from Slack on ${branch}`;
  return { values: { branch, commit, message, env: env.values, metadata: metadata.values } };
}
