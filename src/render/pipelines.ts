import type { Build } from '../buildkite/schemas.js';
import type { PipelineInfo } from '../buildkite/schemas-pipelines.js';
import { encodeValue } from '../slack/ids.js';
import { escapeMrkdwn, inlineCode, link, truncate } from './escape.js';
import { type Block, type Message, actions, button, context, section } from './message.js';
import { stateEmoji } from './states.js';
import { buildLine } from './status.js';

const pipelineLine = (p: PipelineInfo) =>
  [
    `*${p.web_url ? link(p.web_url, p.name) : escapeMrkdwn(p.name)}* ${inlineCode(p.slug)}`,
    p.repository ? escapeMrkdwn(truncate(p.repository, 200)) : undefined,
    p.default_branch ? `default ${inlineCode(p.default_branch)}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');

export function pipelinesMessage(items: PipelineInfo[], filter: string | undefined, page: number, hasNext: boolean): Message {
  const title = `:pipeline: Pipelines${filter ? ` matching ${inlineCode(filter)}` : ''}${page > 1 ? ` (page ${page})` : ''}`;
  const blocks: Block[] = [section(title)];
  if (items.length === 0) blocks.push(context('None.'));
  // One section per 10 pipelines keeps within 3000 characters a section and 50 blocks a message.
  for (let i = 0; i < items.length; i += 10) blocks.push(section(truncate(items.slice(i, i + 10).map(pipelineLine).join('\n'), 3000)));
  const buttons = [];
  if (page > 1) buttons.push(button({ actionId: 'pipelines_prev', text: 'Previous', value: encodeValue({ ...(filter ? { f: filter } : {}), n: page - 1 }) }));
  if (hasNext) buttons.push(button({ actionId: 'pipelines_page', text: 'Next page', value: encodeValue({ ...(filter ? { f: filter } : {}), n: page + 1 }) }));
  buttons.push(button({ actionId: 'new_pipeline', text: 'New pipeline', value: encodeValue({}) }));
  blocks.push(actions('pipelines_actions', buttons));
  return { text: `${items.length} pipelines`, blocks };
}

export function pipelineMessage(p: PipelineInfo, builds: Build[], now: Date): Message {
  const counts = [p.running_builds_count ? `${p.running_builds_count} running` : undefined, p.scheduled_builds_count ? `${p.scheduled_builds_count} scheduled` : undefined].filter(Boolean);
  const latest = builds[0];
  const blocks: Block[] = [
    section(
      truncate(
        [
          `:pipeline: ${pipelineLine(p)}`,
          p.description ? escapeMrkdwn(truncate(p.description, 300)) : undefined,
          latest ? `Recent state: ${stateEmoji(latest.state)} ${escapeMrkdwn(latest.state)}${counts.length ? ` · ${counts.join(', ')}` : ''}` : 'No builds yet.',
        ]
          .filter(Boolean)
          .join('\n'),
        3000,
      ),
    ),
    ...builds.slice(0, 3).map((b) => buildLine(b, now)),
    actions('pipeline_actions', [
      button({ actionId: 'new_build', text: 'New build', value: encodeValue({ p: p.slug, ...(p.default_branch ? { br: p.default_branch } : {}) }), style: 'primary' }),
      button({ actionId: 'show_schedules', text: 'Schedules', value: encodeValue({ p: p.slug }) }),
      button({ actionId: 'edit_pipeline', text: 'Edit pipeline', value: encodeValue({ p: p.slug }) }),
    ]),
  ];
  return { text: `${escapeMrkdwn(p.name)} (${escapeMrkdwn(p.slug)})`, blocks };
}
