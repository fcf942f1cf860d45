export { ScalekitFake } from './fake.js';
export { ConnectorStatus, PROVIDER } from './accounts.js';
export type { AccountRecord } from './accounts.js';
export { grpcCodeForStatus } from './tool-results.js';
export { ENVELOPES } from './types.js';
export type { Envelope, Outage, ScalekitFakeOptions, ToolCallRecord, ToolErrorMode } from './types.js';
