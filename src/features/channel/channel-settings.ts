/** A channel's settings are stored, so they are declared with their schema beside the store's interface. */
export { type ChannelSettings, DEFAULT_CHANNEL_SETTINGS } from '../../store/channels.js';
