import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackApiFake } from '../../../src/sandbox/slack-api/index.js';

describe('Slack fake: external file uploads (files.uploadV2)', () => {
  const fake = new SlackApiFake({ botToken: 'xoxb-files' });
  let client: WebClient;
  beforeAll(async () => {
    await fake.start();
    client = new WebClient('xoxb-files', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
  });
  afterAll(async () => fake.stop());

  it('reserves, receives and completes an upload, sharing it to the channel', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254]);
    await client.filesUploadV2({ channel_id: 'D0JANE1234', filename: 'a.bin', file: bytes, initial_comment: 'here' });
    const [file] = fake.uploads('D0JANE1234');
    expect(file?.content?.equals(bytes)).toBe(true);
    expect(file?.length).toBe(5);
    expect(fake.messages('D0JANE1234').at(-1)).toMatchObject({ text: 'here', files: [expect.objectContaining({ name: 'a.bin' })] });
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
  });

  it('refuses to complete a file whose bytes never arrived, and bad arguments', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
    await expect(client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }] })).rejects.toThrow(/file_not_found/);
    await expect(client.apiCall('files.getUploadURLExternal', { filename: 'y.txt' })).rejects.toThrow(/invalid_arguments/);
    const post = await fetch(`${fake.origin}/upload/v1/unknown`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(404);
  });
});
