/**
 * Log lines go into channels; secrets printed by a build must not. These patterns cover the usual
 * shapes: KEY=value for secret-sounding names, bearer tokens, well-known token prefixes, and
 * credentials inside URLs. Masking is best effort, so logs are also shown only on request-sized tails.
 */
const MASK = '••••••';

const RULES: [RegExp, string][] = [
  // NAME=value or NAME: value where the name sounds secret
  [/\b([A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)[A-Z0-9_]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, `$1$2${MASK}`],
  [/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{12,}/gi, `$1 ${MASK}`],
  [/\b(AKIA|ASIA)[A-Z0-9]{16}\b/g, MASK],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|bkua_[A-Za-z0-9]{20,}|sk_(live|test)_[A-Za-z0-9]{10,})\b/g, MASK],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${MASK}@`],
];

export function maskSecrets(line: string): string {
  return RULES.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), line);
}
