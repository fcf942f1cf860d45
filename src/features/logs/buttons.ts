import { z } from 'zod';
import { defineButton } from '../../slack/buttons.js';
import { BuildRef, BuildRefKeys, buildkiteId, JobRef, JobRefKeys } from '../../slack/refs.js';

/** A page of read_logs: seek (first row) and limit. */
export const LogPageRef = JobRef.extend({ seek: z.number().int().min(0), limit: z.number().int().min(1).max(500) });
export type LogPageRef = z.infer<typeof LogPageRef>;

/** Earlier lines of a log (the reply shows its tail first). */
export const MoreLogButton = defineButton('logs_more', LogPageRef, { ...JobRefKeys, seek: 's', limit: 'l' });
/** A job's environment, secrets masked. */
export const JobEnvButton = defineButton('job_env', JobRef, JobRefKeys);
/** Logs from a build card: its first failed job, or the build's job list. */
export const CardLogsButton = defineButton('card_logs', BuildRef.extend({ job: buildkiteId.optional() }), { ...BuildRefKeys, job: 'j' });
