import { z } from 'zod';

/**
 * A build's "Why did it fail?" answer in a channel: posted once, then pointed to. The first answer
 * recorded wins; asking again reads this and makes no Buildkite call.
 */
export const DiagnosisRecord = z.object({
  teamId: z.string(),
  channelId: z.string(),
  pipeline: z.string(),
  build: z.number().int(),
  /** The answer's own message. */
  messageTs: z.string(),
  /** The thread it is in (the build's card), when it is a reply. */
  threadTs: z.string().optional(),
  /** Who asked first: the answer was read as them. */
  askedBy: z.string(),
  answeredAt: z.string(),
});
export type DiagnosisRecord = z.output<typeof DiagnosisRecord>;

export interface DiagnosisStore {
  /** Remembers a build's answer in a channel; false (and nothing changed) when one is already there. */
  saveDiagnosis(record: DiagnosisRecord): Promise<boolean>;
  getDiagnosis(teamId: string, channelId: string, pipeline: string, build: number): Promise<DiagnosisRecord | undefined>;
}
