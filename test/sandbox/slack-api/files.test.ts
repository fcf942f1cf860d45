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

  it('shares an image with blocks as its message (a digest and its chart), PNG typed, alt text kept; blocks are ignored beside initial_comment', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: '*Weekly digest*' } }];
    await client.filesUploadV2({ channel_id: 'C0DIGEST1', filename: 'digest.png', title: 'Pass rate', file: png, blocks });
    const shared = fake.messages('C0DIGEST1').at(-1);
    expect(shared).toMatchObject({ text: '', blocks, files: [expect.objectContaining({ name: 'digest.png', title: 'Pass rate', filetype: 'png', mimetype: 'image/png' })] });
    await client.filesUploadV2({ channel_id: 'C0DIGEST1', filename: 'b.png', file: png, blocks, initial_comment: 'said instead' });
    expect(fake.messages('C0DIGEST1').at(-1)).toMatchObject({ text: 'said instead' });
    expect(fake.messages('C0DIGEST1').at(-1)?.blocks).toBeUndefined();
  });

  it('keeps the description Slack documents (`alt_txt`), not the `alt_text` filesUploadV2 sends', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]);
    await client.filesUploadV2({ channel_id: 'C0DIGEST2', filename: 'sdk.png', alt_text: 'not read', file: png });
    expect(fake.uploads('C0DIGEST2').at(-1)?.altText).toBeUndefined();
    const reserved = (await client.apiCall('files.getUploadURLExternal', { filename: 'own.png', length: png.length, alt_txt: 'one bar a day' })) as { upload_url?: string; file_id?: string };
    await fetch(reserved.upload_url!, { method: 'POST', body: png });
    await client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }], channel_id: 'C0DIGEST2' });
    expect(fake.messages('C0DIGEST2').at(-1)?.files).toEqual([expect.objectContaining({ name: 'own.png', alt_txt: 'one bar a day' })]);
  });

  it('shares a file only where the bot is a member: a public channel it was not invited to answers not_in_channel (its messages need chat:write.public)', async () => {
    fake.addChannel('C0PUBLIC1', { name: 'general', botIsMember: false });
    fake.addChannel('C0SECRET1', { name: 'secret', isPrivate: true, botIsMember: false });
    fake.addChannel('C0JOINED1', { name: 'builds' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 2]);
    await expect(client.filesUploadV2({ channel_id: 'C0PUBLIC1', filename: 'a.png', file: png })).rejects.toThrow(/not_in_channel/);
    await expect(client.filesUploadV2({ channel_id: 'C0SECRET1', filename: 'a.png', file: png })).rejects.toThrow(/channel_not_found/);
    await client.filesUploadV2({ channel_id: 'C0JOINED1', filename: 'a.png', file: png });
    expect(fake.uploads('C0JOINED1')).toHaveLength(1);
    await client.chat.postMessage({ channel: 'C0PUBLIC1', text: 'a digest' });
    expect(fake.messages('C0PUBLIC1')).toHaveLength(1);
    expect((await client.conversations.info({ channel: 'C0PUBLIC1' })).channel).toMatchObject({ is_member: false, is_private: false });
    await expect(client.conversations.info({ channel: 'C0SECRET1' })).rejects.toThrow(/channel_not_found/);
  });

  it('refuses blocks Slack would refuse when completing an upload', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'c.png', length: 3 });
    await fetch(reserved.upload_url!, { method: 'POST', body: 'abc' });
    await expect(client.apiCall('files.completeUploadExternal', { files: JSON.stringify([{ id: reserved.file_id }]), channel_id: 'C0DIGEST1', blocks: JSON.stringify([{ type: 'section' }]) })).rejects.toThrow(/invalid_blocks/);
    await expect(client.apiCall('files.completeUploadExternal', { files: JSON.stringify([{ id: reserved.file_id }]), channel_id: 'C0DIGEST1', blocks: '{"not":"a list"}' })).rejects.toThrow(/invalid_blocks_format/);
  });

  it('refuses to complete a file whose bytes never arrived, and bad arguments', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'x.txt', length: 3 });
    await expect(client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }] })).rejects.toThrow(/file_not_found/);
    await expect(client.apiCall('files.getUploadURLExternal', { filename: 'y.txt' })).rejects.toThrow(/invalid_arguments/);
    const post = await fetch(`${fake.origin}/upload/v1/unknown`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(404);
  });
});
