export { ScalekitFake } from './fake.js';
export type { AccountRecord } from './accounts.js';
export { toolErrorCodeFor, type ToolErrorCodes } from './tool-results.js';
export type { Envelope, MissingToolAnswer, Outage, ScalekitFakeOptions, ToolCallRecord, ToolErrorMode, ToolListing } from './types.js';
