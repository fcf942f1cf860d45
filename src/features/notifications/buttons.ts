import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { slug } from '../../slack/refs.js';
import { NOTIFY_EVENTS } from './subscription.js';

/** Subscribe anyway: a public channel to a private pipeline, confirmed by the person who asked. */
export const ConfirmSubscribeButton = defineButton(
  'confirm_subscribe',
  z.object({
    pipeline: slug,
    branch: z.string().max(255).optional(),
    events: z.array(z.enum(NOTIFY_EVENTS)).min(1),
    mention: z.boolean(),
    author: z.string().max(255).optional(),
    bots: z.boolean().optional(),
    steps: z.string().max(255).optional(),
    pullRequests: z.boolean().optional(),
    mentionGroup: z.string().max(100).optional(),
    escalateAfterMinutes: z.number().int().positive().optional(),
    approvals: z
      .object({
        users: z.array(z.string().max(20)).max(20),
        groups: z.array(z.object({ id: z.string().max(20), handle: z.string().max(80).optional() })).max(5),
        noSelf: z.boolean(),
        remindAfterMinutes: z.number().int().positive().optional(),
      })
      .optional(),
  }),
  {
    pipeline: 'p', branch: 'br', events: 'e', mention: 'm', author: 'a', bots: 'bo', steps: 's', pullRequests: 'pr', mentionGroup: 'mg', escalateAfterMinutes: 'es',
    approvals: { key: 'ap', fields: { users: 'u', groups: { key: 'g', fields: { id: 'i', handle: 'h' } }, noSelf: 'n', remindAfterMinutes: 'r' } },
  },
);

/** Remove, one per subscription in the channel's list (`remove_subscription:<pipeline>`). */
export const RemoveSubscriptionButton = defineButton('remove_subscription', z.object({ pipeline: slug }), { pipeline: 'p' }, { perRow: true });

/** "I'm on it", on a red streak's card: the first to press owns the streak. */
export const TakeStreakButton = defineButton('take_red_streak', z.object({ streak: z.string().min(1).max(300) }), { streak: 's' });
