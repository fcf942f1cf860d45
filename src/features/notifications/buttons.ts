import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { slug } from '../../slack/refs.js';
import { NOTIFY_EVENTS } from './subscription.js';

/** Subscribe anyway: a public channel to a private pipeline, confirmed by the person who asked. */
export const ConfirmSubscribeButton = defineButton(
  'confirm_subscribe',
  z.object({ p: slug, br: z.string().max(255).optional(), e: z.array(z.enum(NOTIFY_EVENTS)).min(1), m: z.boolean() }),
);

/** Remove, one per subscription in the channel's list (`remove_subscription:<pipeline>`). */
export const RemoveSubscriptionButton = defineButton('remove_subscription', z.object({ p: slug }), { perRow: true });
