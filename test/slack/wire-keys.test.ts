import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DisconnectButton } from '../../src/slack/connection-messages.js';
import { FillUnblockButton, RetryButton, ShareStatusButton, UnblockButton, UnblockModal } from '../../src/features/builds/buttons.js';
import { EditClusterModal } from '../../src/features/clusters/buttons.js';
import { PauseQueueModal } from '../../src/features/queues/buttons.js';
import { ShowPreviewButton } from '../../src/features/previews/buttons.js';
import { defineButton } from '../../src/slack/buttons.js';
import { defineModal } from '../../src/slack/modal.js';
import { ModalOrigin } from '../../src/slack/refs.js';

/** Values exactly as earlier versions drew them: cards already posted in Slack carry these. */
const OLD = {
  retry: '{"p":"web","b":12,"j":"0190a1b2-job","t":"rspec"}',
  unblockInline: '{"p":"deploy","b":3,"j":"j-1","t":"Release","f":[{"k":"release-name","l":"Release name","r":false,"h":"vX.Y","d":"v1.0","o":[{"l":"EU","v":"eu"},{"l":"US","v":"us"}],"m":true}]}',
  unblockOnClick: '{"p":"deploy","b":3,"j":"j-1","t":"Release","F":true}',
  unblockForm: '{"p":"deploy","b":3,"j":"j-1","t":"Release","c":"C0DEPLOY","ts":"1700000000.000100","f":[{"k":"release-name","l":"Release name"}],"u":true}',
  pauseForm: '{"pg":1,"cf":"Big","c":"cl-1","q":"q-1","k":"default","ch":"C0OPS","ts":"1700000000.000200"}',
  clusterForm: '{"c":"cl-1","ch":"C0OPS"}',
  preview: '{"u":"https://buildkite.com/acme/web/builds/1","c":"C0WEB","m":"1700000000.000300"}',
  status: '{"p":"web","br":"main","l":5}',
};

describe('names in code, short keys on the wire', () => {
  it('decodes a Retry value as earlier versions drew it, by name', () => {
    expect(RetryButton.decode(OLD.retry)).toEqual({ pipeline: 'web', build: 12, job: '0190a1b2-job', title: 'rspec' });
    expect(ShareStatusButton.decode(OLD.status)).toEqual({ pipeline: 'web', branch: 'main', limit: 5 });
    expect(ShowPreviewButton.decode(OLD.preview)).toEqual({ url: 'https://buildkite.com/acme/web/builds/1', channel: 'C0WEB', messageTs: '1700000000.000300' });
  });

  it('decodes an Unblock value with its fields inline, nested names and all', () => {
    expect(UnblockButton.decode(OLD.unblockInline)).toEqual({
      pipeline: 'deploy',
      build: 3,
      job: 'j-1',
      title: 'Release',
      fields: [{ key: 'release-name', label: 'Release name', required: false, hint: 'vX.Y', default: 'v1.0', options: [{ label: 'EU', value: 'eu' }, { label: 'US', value: 'us' }], multiple: true }],
    });
    expect(UnblockButton.decode(OLD.unblockOnClick)).toEqual({ pipeline: 'deploy', build: 3, job: 'j-1', title: 'Release', hasFields: true });
  });

  it("decodes a modal's metadata as earlier versions drew it, and its origin is the channel it names", () => {
    const unblock = UnblockModal.decode(OLD.unblockForm)!;
    expect(unblock).toEqual({ pipeline: 'deploy', build: 3, job: 'j-1', title: 'Release', channel: 'C0DEPLOY', messageTs: '1700000000.000100', fields: [{ key: 'release-name', label: 'Release name' }], unknownFields: true });
    expect(UnblockModal.origin(unblock)).toEqual({ channelId: 'C0DEPLOY', messageTs: '1700000000.000100' });
    // Where `c` is the cluster, the channel travels as `ch`.
    const pause = PauseQueueModal.decode(OLD.pauseForm)!;
    expect(pause).toEqual({ page: 1, clusterFilter: 'Big', cluster: 'cl-1', queue: 'q-1', queueKey: 'default', channel: 'C0OPS', messageTs: '1700000000.000200' });
    expect(PauseQueueModal.origin(pause)).toEqual({ channelId: 'C0OPS', messageTs: '1700000000.000200' });
    const cluster = EditClusterModal.decode(OLD.clusterForm)!;
    expect(cluster).toEqual({ cluster: 'cl-1', channel: 'C0OPS' });
    expect(EditClusterModal.origin(cluster)).toEqual({ channelId: 'C0OPS' });
  });

  it('draws the same wire form earlier versions drew, and draw → decode round-trips', () => {
    const retry = { pipeline: 'web', build: 12, job: '0190a1b2-job', title: 'rspec' };
    expect(RetryButton.draw(retry, { text: 'Retry', row: retry.job }).value).toBe(OLD.retry);
    expect(RetryButton.decode(RetryButton.draw(retry, { text: 'Retry', row: retry.job }).value)).toEqual(retry);
    const fill = UnblockButton.decode(OLD.unblockInline)!;
    expect(UnblockButton.encode(fill)).toBe(OLD.unblockInline);
    const meta = { ...fill, channel: 'C0DEPLOY', messageTs: '1700000000.000100', unnamedFields: true as const };
    expect(FillUnblockButton.decode(FillUnblockButton.encode(meta))).toEqual(meta);
    const view = UnblockModal.view(UnblockModal.decode(OLD.unblockForm)!, { title: 'Unblock step', blocks: [] });
    expect(JSON.parse(view.private_metadata!)).toEqual(JSON.parse(OLD.unblockForm));
    const pause = PauseQueueModal.decode(OLD.pauseForm)!;
    expect(PauseQueueModal.decode(PauseQueueModal.view(pause, { title: 'Pause', blocks: [] }).private_metadata)).toEqual(pause);
  });

  it('reads no name from the wire, and a strict value still refuses what it does not know', () => {
    expect(RetryButton.decode('{"pipeline":"web","build":12,"job":"j-1"}')).toBeUndefined();
    expect(RetryButton.decode('{"p":"web","b":12,"j":"j-1","pipeline":"../etc"}')).toEqual({ pipeline: 'web', build: 12, job: 'j-1' });
    expect(DisconnectButton.decode('{}')).toEqual({});
    expect(DisconnectButton.decode('{"x":1}')).toBeUndefined();
  });

  it('a key map that puts two names on one wire key is refused where it is defined', () => {
    const Two = z.object({ cluster: z.string(), channel: z.string() });
    expect(() => defineButton('clash', Two, { cluster: 'c', channel: 'c' })).toThrow('button clash: cluster and channel both travel as "c"');
    const Nested = z.object({ items: z.array(z.object({ key: z.string(), kind: z.string() })) });
    expect(() => defineButton('nested_clash', Nested, { items: { key: 'i', fields: { key: 'k', kind: 'k' } } })).toThrow('button nested_clash.items: key and kind both travel as "k"');
    expect(() => defineModal('modal_clash', ModalOrigin.extend({ cluster: z.string() }), { channel: 'c', messageTs: 'ts', cluster: 'c' })).toThrow('modal modal_clash: channel and cluster both travel as "c"');
  });
});
