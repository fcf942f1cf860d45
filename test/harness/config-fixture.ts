/** A configuration that passes validation, for tests that vary one variable at a time. */
export const VALID_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'secret',
  SCALEKIT_ENVIRONMENT_URL: 'https://acme.scalekit.dev/',
  SCALEKIT_CLIENT_ID: 'id',
  SCALEKIT_CLIENT_SECRET: 'sec',
};
