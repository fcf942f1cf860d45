// Public surface of the local Slack Web API fake.
export { type RateLimitAnswer, SlackApiFake, type SlackApiFakeOptions } from './server.js';
export { validateBlocks, type Surface } from './block-kit.js';
export type { FakeUser } from './methods-common.js';
export type { EnvelopeType, SocketAck, SocketEnvelopeRecord } from './socket-mode.js';
export type { RecordedCall, ResponseUrlPost, ResponseUrlSource, StoredEphemeral, StoredFile, StoredMessage } from './state.js';
export type { EventEnvelope } from './events.js';
