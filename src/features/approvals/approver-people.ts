import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { userGroupMembers } from '../../slack/lookups.js';
import type { ApprovalPolicy } from './approval-policy.js';

/** DMs go to a handful of people, not a department. */
const MAX_PEOPLE = 20;

/**
 * The people a policy names: its users, and the members of its user groups (usergroups.users.list). A
 * group Slack will not list (no `usergroups:read`, deleted) is logged and left to its mention.
 */
export async function approverPeople(client: WebClient, policy: ApprovalPolicy | undefined, logger: Logger): Promise<string[]> {
  if (!policy) return [];
  const members = await Promise.all(
    policy.groups.map((group) =>
      userGroupMembers(client, group.id).catch((error: unknown) => {
        logger.warn(`listing the members of user group ${group.id} failed: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }),
    ),
  );
  return [...new Set([...policy.users, ...members.flat()])].slice(0, MAX_PEOPLE);
}
