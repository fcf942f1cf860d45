import { afterEach, describe, expect, it } from 'vitest';
import type { BuildChange } from '../../src/build-changes/build-change.js';
import type { Feature, FeatureContext } from '../../src/features/feature.js';
import { FEATURES } from '../../src/features/index.js';
import { postBuildkiteWebhook } from '../../src/sandbox/signing.js';
import { type Harness, startHarness } from '../harness/harness.js';

const TOKEN = 'manifest-webhook-token';

/**
 * A feature with a route, a job, start-up work and a build-change listener, added the way a new room is
 * (its manifest in the list): the app serves and runs all of it without being told anything else.
 */
function probeFeature() {
  const seen = { started: 0, stopped: 0, onStart: [] as string[], heard: [] as BuildChange[], contexts: [] as FeatureContext[] };
  const feature: Feature = {
    name: 'probe',
    subcommands: [],
    buttons: [],
    modals: [],
    events: [],
    routes: [
      () => (req, res) => {
        if (req.url !== '/probe') return false;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ probe: true }));
        return true;
      },
      // A route this deployment turns off is not served.
      () => undefined,
    ],
    jobs: [
      (ctx) => {
        seen.started++;
        seen.contexts.push(ctx);
        return { stop: () => void seen.stopped++ };
      },
    ],
    onStart: async (ctx) => {
      seen.onStart.push(ctx.stopping.aborted ? 'stopping' : 'running');
    },
    buildChanges: [async (change) => void seen.heard.push(change)],
  };
  return { feature, seen };
}

describe('a feature is its manifest: routes, jobs, start-up work and build-change listeners', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  for (const mode of ['HTTP', 'Socket Mode'] as const) {
    it(`${mode}: the route is served on PORT, the job runs until the app stops, start-up work runs once, and the listener hears a delivered build change beside the product's`, async () => {
      const probe = probeFeature();
      h = await startHarness({ webhookToken: TOKEN, socketMode: mode === 'Socket Mode', features: [...FEATURES, probe.feature] });
      const base = h.webhookUrl.replace('/buildkite/webhook', '');

      const res = await fetch(`${base}/probe`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ probe: true });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);

      expect(probe.seen.started).toBe(1);
      await h.slack.waitFor(() => probe.seen.onStart.length === 1 || undefined, 5_000, 'the start-up work');
      expect(probe.seen.onStart).toEqual(['running']);

      h.org.addPipeline({ slug: 'web', name: 'Web', visibility: 'public', configuration: 'steps:\n  - command: make test\n' });
      const build = h.org.addBuild({ pipeline: 'web', state: 'failed', branch: 'main', commit: '2'.repeat(40), message: 'Probe', startedAt: new Date(), finishedAt: new Date(), jobs: [{ name: 'Unit', state: 'failed', exitStatus: 1 }] });
      expect((await postBuildkiteWebhook(h.webhookUrl, TOKEN, h.org.webhookPayload('web', build.number, 'build.finished'))).status).toBe(200);
      const heard = await h.slack.waitFor(() => probe.seen.heard.find((c) => c.number === build.number), 10_000, 'the listener');
      expect(heard).toMatchObject({ org: 'acme', pipeline: 'web', source: 'webhook' });

      const context = probe.seen.contexts[0]!;
      await h.stop();
      h = undefined;
      expect(probe.seen.stopped).toBe(1);
      expect(context.stopping.aborted).toBe(true);
    });
  }
});
