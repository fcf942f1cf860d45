import type { types } from '@slack/bolt';
import type { Build } from '../../buildkite/builds.js';
import { escapeMrkdwn, inlineCode, truncate } from '../../render/escape.js';
import { type Block, actions, context, section } from '../../render/message.js';
import type { PersonalSettings } from '../personal-notifications/personal-settings.js';
import { describeEvents } from '../personal-notifications/personal-messages.js';
import type { Subscription } from '../notifications/subscription.js';
import { buildLine } from '../builds/status-message.js';
import { HomeConnectButton, HomeDisconnectButton, HomeNotifyButton, HomeOpenBuildLink, HomeRefreshButton } from './buttons.js';

/** Slack allows 100 blocks in a Home tab; these bounds keep well within it. */
const MAX_BUILDS = 10;
const MAX_SUBSCRIPTIONS = 20;

export type HomeConnection =
  | { kind: 'checking' }
  | { kind: 'not_connected' }
  | { kind: 'unreachable' }
  | { kind: 'connected'; name: string; email?: string | null; org: { name: string; slug: string } };

export interface HomeState {
  connection: HomeConnection;
  /** Their own recent builds; undefined while they are being read (or cannot be). */
  builds?: Build[];
  /** Subscriptions they created, in any channel. */
  subscriptions: Subscription[];
  personal?: PersonalSettings;
  /** A line about what just happened ("I sent you a link by DM"). */
  notice?: string;
  now: Date;
}

const divider: Block = { type: 'divider' };
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });

function connectionBlocks(connection: HomeConnection): Block[] {
  switch (connection.kind) {
    case 'checking':
      return [section(':hourglass_flowing_sand: Checking your Buildkite connection…')];
    case 'unreachable':
      return [section(':warning: Buildkite could not be reached just now; what the bot remembers is below.'), actions('home_connection', [HomeRefreshButton.draw({}, { text: 'Try again' })])];
    case 'not_connected':
      return [
        section('You are not connected to Buildkite yet. The bot acts in Buildkite as *you*, with your own permissions: *Connect* sends you a private link by direct message.'),
        actions('home_connection', [HomeConnectButton.draw({}, { text: 'Connect Buildkite', style: 'primary' })]),
      ];
    case 'connected': {
      const who = `*${escapeMrkdwn(connection.name)}*${connection.email ? ` (${escapeMrkdwn(connection.email)})` : ''}`;
      return [
        section(`:white_check_mark: Connected as ${who} in *${escapeMrkdwn(connection.org.name)}* ${inlineCode(connection.org.slug)}.`),
        actions('home_connection', [
          HomeRefreshButton.draw({}, { text: 'Refresh' }),
          HomeDisconnectButton.draw({}, { text: 'Disconnect', confirm: { title: 'Disconnect Buildkite?', text: 'The bot will no longer act in Buildkite for you, and your notifications pause.', confirm: 'Disconnect' } }),
        ]),
      ];
    }
  }
}

function buildBlocks(state: HomeState): Block[] {
  if (state.connection.kind !== 'connected') return [];
  const blocks: Block[] = [header('Your recent builds')];
  if (state.builds === undefined) return [...blocks, context('Reading your builds…')];
  if (state.builds.length === 0) return [...blocks, context('No builds created by you yet.')];
  for (const build of state.builds.slice(0, MAX_BUILDS)) {
    const line = buildLine(build, state.now);
    blocks.push({ ...line, accessory: HomeOpenBuildLink.draw(build.web_url, { text: 'Open', row: build.id }) } as Block);
  }
  return blocks;
}

function notificationBlocks(state: HomeState): Block[] {
  const { personal } = state;
  const mine = personal
    ? `:bell: You get a DM when a build you created ${describeEvents(personal.events)}${personal.pausedAt ? ' (*paused* until you reconnect)' : ''}.`
    : ':no_bell: You get no DMs about your own builds.';
  const blocks: Block[] = [
    header('Notifications'),
    { type: 'section', text: { type: 'mrkdwn', text: mine }, accessory: HomeNotifyButton.draw({ turnOn: !personal }, personal ? { text: 'Turn off' } : { text: 'Notify me', style: 'primary' }) },
  ];
  const subscriptions = state.subscriptions.slice(0, MAX_SUBSCRIPTIONS);
  if (subscriptions.length === 0) blocks.push(context('You have not subscribed a channel to a pipeline. In a channel: `/buildkite subscribe <pipeline>`.'));
  else {
    const lines = subscriptions.map((s) => `• <#${s.channelId}>: *${escapeMrkdwn(s.pipeline)}*${s.branch ? ` on ${inlineCode(s.branch)}` : ''} (${s.events.join(', ')})${s.pausedAt ? ' _paused_' : ''}`);
    const more = state.subscriptions.length - subscriptions.length;
    blocks.push(section(truncate(`Channels you subscribed:\n${lines.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`, 3000)));
  }
  return blocks;
}

const HELP = [
  '`/buildkite status [pipeline]` latest builds',
  '`/buildkite <build URL>` a build card with Retry, Unblock, Cancel and Rebuild',
  '`/buildkite subscribe <pipeline>` cards in a channel as builds fail, block or get fixed',
  '`/buildkite notify me` a DM when your own build fails or waits on a block step',
  '`/buildkite queues` cluster queues; `/buildkite incident pause` during an incident',
  '`/buildkite help` everything else',
];

/** The Home tab of one person: their connection, their builds, their notifications, what they can type. */
export function homeView(state: HomeState): types.HomeView {
  const blocks: Block[] = [
    header('Buildkite'),
    ...(state.notice ? [context(truncate(state.notice, 3000))] : []),
    ...connectionBlocks(state.connection),
    divider,
    ...buildBlocks(state),
    ...(state.connection.kind === 'connected' ? [divider] : []),
    ...notificationBlocks(state),
    divider,
    header('What you can type'),
    section(HELP.join('\n')),
    context('Links to Buildkite builds pasted in a channel show a preview, read as whoever posted them.'),
  ];
  return { type: 'home', blocks };
}
