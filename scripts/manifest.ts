// `npm run manifest -- --url https://bot.example.com` prints the Slack app manifest for a deployment in
// HTTP mode (every request URL its own, Socket Mode off); `npm run manifest -- --socket` prints it for
// Socket Mode. Paste the output at https://api.slack.com/apps → Create New App → From an app manifest.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appManifest, type Delivery } from './app-manifest.js';

const USAGE = 'Usage: npm run manifest -- --url https://bot.example.com   (HTTP mode)\n       npm run manifest -- --socket                      (Socket Mode)';

try {
  const { values } = parseArgs({ options: { url: { type: 'string' }, socket: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help || (values.url === undefined) === (values.socket !== true)) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 64);
  }
  const delivery: Delivery = values.url !== undefined ? { mode: 'http', url: values.url } : { mode: 'socket' };
  const template = readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8');
  process.stdout.write(appManifest(template, delivery));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  console.error(USAGE);
  process.exit(64);
}
