import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { slug } from '../../slack/refs.js';

/** Remove, one per subscription in the channel's list (`remove_subscription:<pipeline>`). */
export const RemoveSubscriptionButton = defineButton('remove_subscription', z.object({ p: slug }), { perRow: true });
