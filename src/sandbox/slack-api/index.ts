// Public surface of the local Slack Web API fake.
export { SlackApiFake, type SlackApiFakeOptions } from './server.js';
export { validateBlocks, validateMessageText, validateView, MAX_MESSAGE_TEXT, type Surface } from './block-kit.js';
export type { FakeUser } from './methods-common.js';
export type { EnvelopeType, SocketAck, SocketEnvelopeRecord } from './socket-mode.js';
export type {
  RecordedCall,
  ResponseUrlPost,
  ResponseUrlSource,
  StoredEphemeral,
  StoredFile,
  StoredMessage,
} from './state.js';
export { TRIGGER_TTL_MS } from './methods-views.js';
export { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS } from './response-url.js';
