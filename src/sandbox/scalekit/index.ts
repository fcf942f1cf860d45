export { ScalekitFake } from './fake.js';
export type { AccountRecord } from './accounts.js';
export { grpcCodeForStatus } from './tool-results.js';
export type { Envelope, Outage, ScalekitFakeOptions, ToolCallRecord, ToolErrorMode } from './types.js';
