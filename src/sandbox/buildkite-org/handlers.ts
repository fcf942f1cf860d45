/** The table of all 44 tool handlers; the type makes a missing tool a compile error. */
import type { ToolHandlers } from './context.js';
import { agentTools } from './tools-agents.js';
import { annotationTools } from './tools-annotations.js';
import { artifactTools } from './tools-artifacts.js';
import { buildTools } from './tools-builds.js';
import { clusterTools } from './tools-clusters.js';
import { jobTools } from './tools-jobs.js';
import { logTools } from './tools-logs.js';
import { pipelineTools } from './tools-pipelines.js';
import { scheduleTools } from './tools-schedules.js';
import { testEngineTools, userTools } from './tools-tests.js';
import { failureSummaryTools } from './failure-summary.js';

export const HANDLERS: ToolHandlers = {
  ...userTools,
  ...buildTools,
  ...jobTools,
  ...logTools,
  ...artifactTools,
  ...annotationTools,
  ...agentTools,
  ...clusterTools,
  ...pipelineTools,
  ...scheduleTools,
  ...testEngineTools,
  ...failureSummaryTools,
};
