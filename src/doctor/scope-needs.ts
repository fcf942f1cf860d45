/** Why the bot asks for each bot scope, in the README's words ("Create the Slack app"). */
export const SCOPE_NEEDS: Record<string, string> = {
  commands: 'the /buildkite slash command',
  'chat:write': 'replies, build cards and thread notes, updated in place',
  'chat:write.public': 'replies in public channels the bot was not invited to',
  'im:write': "the direct message that carries a user's private authorization link",
  'files:write': "long logs and downloaded artifacts sent as files in the requester's direct messages",
  'users:read': "a new Buildkite connection is kept only when its e-mail is the Slack user's (IDENTITY_CHECK)",
  'users:read.email': "a new Buildkite connection is kept only when its e-mail is the Slack user's (IDENTITY_CHECK)",
  'usergroups:read': 'the members of a user group named as approvers are DMed its reminders',
  'emoji:read': "job labels keep a Buildkite emoji only where the workspace has a custom emoji of that name",
  'channels:read': 'whether a channel is public: subscribing one to a private pipeline is confirmed first',
  'links:read': 'previews of pasted buildkite.com links',
  'links:write': 'previews of pasted buildkite.com links',
};

export function scopeNeed(scope: string): string {
  return SCOPE_NEEDS[scope] ?? 'a feature listed in manifest.yml';
}
