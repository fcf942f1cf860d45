/**
 * Credentials that can pass through a log line: Slack tokens (the WebClient logs request bodies at
 * debug level), bearer tokens, OAuth client secrets, and authorization links, which let whoever opens
 * them connect a Buildkite account to someone's Slack identity.
 */
const REDACTIONS: [RegExp, string][] = [
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  // An assignment (`=`, `:`, quoted or not), not a sentence naming the variable ("SCALEKIT_CLIENT_SECRET is required").
  [/(client_secret\s*["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi, '$1[redacted]'],
  [/(\/magic\/)[A-Za-z0-9_-]+/g, '$1[redacted]'],
  [/([?&](?:token|code|state|secret)=)[^\s&"']+/gi, '$1[redacted]'],
];

export function redact(text: string): string {
  return REDACTIONS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}
