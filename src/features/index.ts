import { account } from './account/feature.js';
import { approvals } from './approvals/feature.js';
import { agentsFeature } from './agents/feature.js';
import { annotationsFeature } from './annotations/feature.js';
import { artifactsFeature } from './artifacts/feature.js';
import { auditFeature } from './audit/feature.js';
import { builds } from './builds/feature.js';
import { channel } from './channel/feature.js';
import { clustersFeature } from './clusters/feature.js';
import type { Feature } from './feature.js';
import { helpFeature } from './help/feature.js';
import { logsFeature } from './logs/feature.js';
import { notifications } from './notifications/feature.js';
import { previews } from './previews/feature.js';
import { home } from './home/feature.js';
import { personalNotifications } from './personal-notifications/feature.js';
import { pipelinesFeature } from './pipelines/feature.js';
import { queuesFeature } from './queues/feature.js';
import { schedulesFeature } from './schedules/feature.js';
import { testEngine } from './test-engine/feature.js';
import { diagnosis } from './diagnosis/feature.js';
import { digestsFeature } from './digests/feature.js';

/** Every feature, in the order `help` lists their subcommands. app.ts registers them in one loop. */
export const FEATURES: Feature[] = [
  builds,
  channel,
  notifications,
  personalNotifications,
  digestsFeature,
  previews,
  logsFeature,
  artifactsFeature,
  annotationsFeature,
  testEngine,
  diagnosis,
  pipelinesFeature,
  schedulesFeature,
  queuesFeature,
  agentsFeature,
  clustersFeature,
  auditFeature,
  account,
  home,
  approvals,
  helpFeature(() => FEATURES.flatMap((f) => f.subcommands)),
];
