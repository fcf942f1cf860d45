import { EditPipelineButton, NewPipelineButton, NextPipelinesButton, PreviousPipelinesButton } from './buttons.js';
import { emojiLabel } from '../../render/emoji.js';
import { NewBuildButton } from '../builds/buttons.js';
import { SchedulesButton } from '../schedules/buttons.js';
import type { Build } from '../../buildkite/builds.js';
import type { PipelineInfo } from '../../buildkite/pipelines.js';
import { escapeMrkdwn, inlineCode, link, truncate } from '../../render/escape.js';
import { type Block, type Message, actions, context, section } from '../../render/message.js';
import { stateEmoji } from '../../render/state-emoji.js';
import { buildShownState, buildStateWords } from '../../buildkite/states.js';
import { buildLine } from '../builds/status-message.js';
import { count } from '../../render/count.js';

const pipelineLine = (p: PipelineInfo) =>
  [
    `*${p.web_url ? link(p.web_url, emojiLabel(p.name)) : escapeMrkdwn(emojiLabel(p.name))}* ${inlineCode(p.slug)}`,
    p.repository ? escapeMrkdwn(truncate(p.repository, 200)) : undefined,
    p.default_branch ? `default ${inlineCode(p.default_branch)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

export function pipelinesMessage(items: PipelineInfo[], filter: string | undefined, page: number, hasNext: boolean): Message {
  const title = `:building_construction: Pipelines${filter ? ` matching ${inlineCode(filter)}` : ''}${page > 1 ? ` (page ${page})` : ''}`;
  const blocks: Block[] = [section(title)];
  if (items.length === 0) blocks.push(context('None.'));
  // One section per 10 pipelines keeps within 3000 characters a section and 50 blocks a message.
  for (let i = 0; i < items.length; i += 10) blocks.push(section(truncate(items.slice(i, i + 10).map(pipelineLine).join('\n'), 3000)));
  const buttons = [];
  if (page > 1) buttons.push(PreviousPipelinesButton.draw({ ...(filter ? { filter } : {}), page: page - 1 }, { text: 'Previous' }));
  if (hasNext) buttons.push(NextPipelinesButton.draw({ ...(filter ? { filter } : {}), page: page + 1 }, { text: 'Next page' }));
  buttons.push(NewPipelineButton.draw({}, { text: 'New pipeline' }));
  blocks.push(actions('pipelines_actions', buttons));
  return { text: count(items.length, 'pipeline'), blocks };
}

export function pipelineMessage(p: PipelineInfo, builds: Build[], now: Date): Message {
  const counts = [p.running_builds_count ? `${p.running_builds_count} running` : undefined, p.scheduled_builds_count ? `${p.scheduled_builds_count} scheduled` : undefined].filter(Boolean);
  const latest = builds[0];
  const blocks: Block[] = [
    section(
      truncate(
        [
          `:building_construction: ${pipelineLine(p)}`,
          p.description ? escapeMrkdwn(truncate(p.description, 300)) : undefined,
          latest ? `Recent state: ${stateEmoji(buildShownState(latest))} ${escapeMrkdwn(buildStateWords(latest))}${counts.length ? ` · ${counts.join(', ')}` : ''}` : 'No builds yet.',
        ]
          .filter(Boolean)
          .join('\n'),
        3000,
      ),
    ),
    ...builds.slice(0, 3).map((b) => buildLine(b, now)),
    actions('pipeline_actions', [
      NewBuildButton.draw({ pipeline: p.slug, ...(p.default_branch ? { branch: p.default_branch } : {}) }, { text: 'New build', style: 'primary' }),
      SchedulesButton.draw({ pipeline: p.slug }, { text: 'Schedules' }),
      EditPipelineButton.draw({ pipeline: p.slug }, { text: 'Edit pipeline' }),
    ]),
  ];
  return { text: `${escapeMrkdwn(p.name)} (${escapeMrkdwn(p.slug)})`, blocks };
}
