/**
 * Every key the bot claims in the store (claims.ts), built in one place: a claim and its release can
 * never spell a key differently, and two ideas can never share one. The strings are what replicas and
 * earlier versions already hold in the store, so each stays as it is.
 */
export const claimKeys = {
  // Exactly once, people's changes (slack/mutation.ts intents).
  /** A click on a card: the same person, message, button and value within the claim is one intent. */
  click: (teamId: string, userId: string, channelId: string, messageTs: string, actionId: string, value: string) => ['click', teamId, userId, channelId, messageTs, actionId, value].join('|'),
  /** A submitted form: one view is one change, however often Slack delivers it. */
  submission: (teamId: string, userId: string, viewId: string) => ['submit', teamId, userId, viewId].join('|'),
  /** Unblocking a job, by one person, whichever form or button asked. */
  unblock: (teamId: string, userId: string, jobId: string) => ['unblock', teamId, userId, jobId].join('|'),
  /** One job of a Retry all failed: two people's Retry all retry each job once. */
  retryJob: (teamId: string, jobId: string) => `retry-job|${teamId}|${jobId}`,
  /** Pausing a queue from one form. */
  pauseQueue: (teamId: string, userId: string, viewId: string, queueId: string) => ['pause-queue', teamId, userId, viewId, queueId].join('|'),
  /** Held while one person resumes an incident, so two resumes never race on the same queues. */
  incidentResume: (incidentId: string) => `incident-resume|${incidentId}`,
  /** `incident pause`: the same queues of a channel's cluster, asked by anyone, are one change. */
  incidentPause: (teamId: string, channelId: string, clusterId: string, queueIds: string[]) => ['command', teamId, 'incident-pause', channelId, clusterId, ...[...queueIds].sort()].join('|'),
  /** `incident resume`: each try is its own change (a retry after a partial failure is a new one). */
  incidentResumeTry: (teamId: string, incidentId: string, attempt: number) => ['command', teamId, 'incident-resume', incidentId, String(attempt)].join('|'),
  /** "Already in progress" is said once per intent, however many more clicks. */
  duplicateNoted: (intentKey: string) => `duplicate-noted|${intentKey}`,

  // Deliveries seen once.
  /** A Slack request (a command, click or submission) delivered again byte for byte (slack/replay.ts). */
  replay: (kind: string, parts: string[]) => ['replay', kind, ...parts].join('|'),
  /** An Events API event, on any replica (slack/events.ts). */
  slackEvent: (eventId: string) => `slack-event|${eventId}`,
  /** A Buildkite webhook delivery by its request id. */
  webhookDelivery: (requestId: string) => `webhook|${requestId}`,
  /** What a webhook's signature covers (or a token-mode body), seen again: a replay. */
  webhookContent: (digest: string) => `webhook-content|${digest}`,

  // Notifications.
  /** The first post of a build's card in a channel or DM. */
  firstPost: (buildId: string, channelId: string) => `notify-card|${buildId}|${channelId}`,
  /** The "fixed" line of a red streak ended by this build. */
  fixedLine: (buildId: string, channelId: string) => `notify-fixed|${buildId}|${channelId}`,
  /** A red streak's card, opened once per channel and first bad build. */
  redStreak: (channelId: string, firstBuildId: string) => `notify-streak|${channelId}|${firstBuildId}`,
  /** A later red build's line in its streak's thread. */
  streakLine: (streakId: string, buildId: string) => `notify-streak-line|${streakId}|${buildId}`,
  /** A build's card noted in its thread as having reached a state (when it got there): said once. */
  stateNote: (buildId: string, channelId: string, state: string, since: string) => `notify-state|${buildId}|${channelId}|${state}|${since}`,
  /** A subscription paused for lost access: told once while it stays paused. */
  subscriptionPaused: (teamId: string, channelId: string, pipeline: string, createdAt: string) => `subscription-paused|${teamId}|${channelId}|${pipeline}|${createdAt}`,
  /** A person's notifications paused for a lost connection: told once while paused. */
  personalPaused: (teamId: string, userId: string, createdAt: string) => `personal-paused|${teamId}|${userId}|${createdAt}`,
  /** One replica polls subscribed pipelines each round. */
  pollLease: () => 'notifications|poll-lease',
  /** One replica polls people's own builds each round. */
  personalPollLease: () => 'personal-notifications|poll-lease',

  // Other surfaces.
  /** A card cut off mid-action is restored once, across restarts and replicas. */
  restoredCard: (auditEntryId: string) => `restored|${auditEntryId}`,
  /** A poster is asked once whether to preview a private pipeline's link. */
  previewConsent: (teamId: string, channelId: string, messageTs: string, url: string) => `preview-consent|${teamId}|${channelId}|${messageTs}|${url}`,
  /** A link the bot sends unasked: one a day per person. */
  unaskedLink: (teamId: string, userId: string) => `unasked-link|${teamId}|${userId}`,
  /** A build's "Why did it fail?" being answered in a channel: one answer, however many asks at once. */
  diagnosis: (teamId: string, channelId: string, pipeline: string, build: number) => ['diagnosis', teamId, channelId, pipeline, String(build)].join('|'),

  // Approvals.
  /** A blocked build's reminder, due at `remindAt`: sent once across replicas. */
  approvalReminder: (buildId: string, channelId: string, remindAt: string) => `approval-reminder|${buildId}|${channelId}|${remindAt}`,
  /** One replica sends the reminders due each round. */
  approvalReminderLease: () => 'approvals|reminder-lease',
  /** One replica sends the morning DMs each round. */
  morningDmLease: () => 'approvals|morning-dm-lease',
  /** A person's "waiting on you" DM: once on their local day. */
  morningDm: (teamId: string, userId: string, localDay: string) => `morning-dm|${teamId}|${userId}|${localDay}`,

  // Digests.
  /** One replica looks for digests due each round. */
  digestLease: () => 'digests|lease',
  /** A channel's digest of one period (named by the moment it ends): read and posted once, across replicas. */
  digestPeriod: (teamId: string, channelId: string, scope: string, periodEnd: string) => `digest|${teamId}|${channelId}|${scope}|${periodEnd}`,
  /** A digest paused for lost access: told once while it stays paused. */
  digestPaused: (teamId: string, channelId: string, scope: string, createdAt: string) => `digest-paused|${teamId}|${channelId}|${scope}|${createdAt}`,
} as const;
