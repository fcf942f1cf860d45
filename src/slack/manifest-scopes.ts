import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** manifest.yml at the repository's root (two levels up from src/slack/ and from dist/slack/ alike). */
const MANIFEST_PATH = fileURLToPath(new URL('../../manifest.yml', import.meta.url));

const ManifestScopes = z.object({ oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }) });

/** The bot scopes the app manifest asks for: what the features need, as installed from manifest.yml. */
export function manifestBotScopes(path = MANIFEST_PATH): string[] {
  return ManifestScopes.parse(parse(readFileSync(path, 'utf8'))).oauth_config.scopes.bot;
}
