import { z } from 'zod';
import type { BuildkiteClient } from './client.js';

// Who the user is in Buildkite: their account, their token's organisation and scopes. (As everywhere,
// `z.object` ignores keys it does not name, so a newer server that adds fields keeps working.)

export const CurrentUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  created_at: z.string().nullish(),
});
export type CurrentUser = z.infer<typeof CurrentUser>;

export const Organization = z.object({
  id: z.string().optional(),
  name: z.string(),
  slug: z.string(),
  web_url: z.string().optional(),
});
export type Organization = z.infer<typeof Organization>;

export const AccessToken = z.object({
  uuid: z.string().optional(),
  scopes: z.array(z.string()).default([]),
  description: z.string().nullish(),
  created_at: z.string().nullish(),
  expires_at: z.string().nullish(),
  user: z.object({ name: z.string().optional(), email: z.string().optional() }).nullish(),
});
export type AccessToken = z.infer<typeof AccessToken>;

export async function currentUser(bk: BuildkiteClient): Promise<CurrentUser> {
  return (await bk.call('current_user', {}, CurrentUser)).data;
}

export async function accessToken(bk: BuildkiteClient): Promise<AccessToken> {
  return (await bk.call('access_token', {}, AccessToken)).data;
}
