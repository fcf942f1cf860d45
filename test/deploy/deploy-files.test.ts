import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { STOP_DEADLINE_MS } from '../../src/app.js';
import { CONFIG_VARIABLES, parseConfig } from '../../src/config.js';
import { VALID_ENV } from '../harness/config-fixture.js';
import { type BotProcess, type Fakes, killBot, spawnBot, startFakes } from '../harness/processes.js';

/**
 * The Dockerfile, compose.yaml and deploy/kubernetes are read as data and held to what the bot is:
 * the variables config.ts reads, the ports it listens on, the paths it serves, how long it takes to stop.
 */

/** Set by the Dockerfile for Node and its libraries; the one name outside the bot's own configuration. */
const ALLOWED_EXTRA_VARIABLES = ['NODE_ENV'];
const KNOWN_VARIABLES = new Set([...CONFIG_VARIABLES, ...ALLOWED_EXTRA_VARIABLES]);
const DEFAULT_PORT = parseConfig(VALID_ENV).slack.port;

type Probe = { where: string; path: string; port: number; kind: 'alive' | 'ready' };
type Doc = { kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: unknown };
type Container = {
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  startupProbe?: HttpProbe;
  securityContext?: { readOnlyRootFilesystem?: boolean; runAsNonRoot?: boolean; capabilities?: { drop?: string[] } };
};
type HttpProbe = { httpGet: { path: string; port: string | number } };
type ComposeService = { image?: string; build?: unknown; environment?: Record<string, string> | string[]; ports?: string[]; healthcheck?: { test: string[] }; stop_grace_period?: string; read_only?: boolean };

// --- the Dockerfile: its instructions, continuation lines joined --------------------------------------
const dockerfile = readFileSync('Dockerfile', 'utf8')
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => ({ op: line.split(/\s+/)[0]!.toUpperCase(), args: line.slice(line.split(/\s+/)[0]!.length).trim() }));
const finalStage = dockerfile.slice(dockerfile.map((i) => i.op).lastIndexOf('FROM'));
const dockerEnv: Record<string, string> = Object.fromEntries(
  finalStage.filter((i) => i.op === 'ENV').flatMap((i) => (i.args.includes('=') ? i.args.split(/\s+/).map((pair) => pair.split('=', 2) as [string, string]) : [i.args.split(/\s+/, 2) as [string, string]])),
);

// --- compose.yaml: the services that run the bot (not PostgreSQL) ---------------------------------------
const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const botServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined || s.image?.startsWith('buildkite-slack-bot'));
/** Compose's durations as this file writes them ("30s", "1m"); compose's default grace period is 10 s. */
const composeDurationMs = (text: string) => {
  const [, amount, unit] = /^(\d+)(s|m)$/.exec(text) ?? [];
  expect(amount, `a duration such as 30s, not ${text}`).toBeDefined();
  return Number(amount) * (unit === 'm' ? 60_000 : 1000);
};
const serviceEnv = (s: ComposeService): Record<string, string> =>
  Array.isArray(s.environment) ? Object.fromEntries(s.environment.map((e) => e.split('=', 2) as [string, string])) : { ...s.environment };

// --- deploy/kubernetes: every document of every file ---------------------------------------------------
const K8S = 'deploy/kubernetes';
const k8sFiles = readdirSync(K8S).filter((f) => f.endsWith('.yaml'));
const k8sDocs = k8sFiles.flatMap((file) => parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((d) => ({ file, doc: d.toJS() as Doc })));
const one = (kind: string, file?: string) => {
  const found = k8sDocs.filter((d) => d.doc.kind === kind && (file === undefined || d.file === file));
  expect(found, `one ${kind}${file ? ` in ${file}` : ''}`).toHaveLength(1);
  return found[0]!.doc;
};
const deployment = one('Deployment') as Doc & { spec: { replicas: number; template: { spec: { terminationGracePeriodSeconds: number; securityContext?: { runAsNonRoot?: boolean }; containers: Container[] } } } };
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0]!;
const configMaps = k8sDocs.filter((d) => d.doc.kind === 'ConfigMap').map((d) => d.doc as Doc & { data: Record<string, string> });
const secretExample = one('Secret', 'secret.example.yaml') as Doc & { stringData: Record<string, string> };
const service = one('Service') as Doc & { spec: { ports: { name: string; port: number; targetPort: string | number }[]; selector: Record<string, string> } };
const serviceMonitor = one('ServiceMonitor') as Doc & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; path: string }[] } };
const kustomization = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
/** The settings the container gets besides credentials: its ConfigMaps' data and its inline env (the Secret's values are placeholders). */
const containerEnv: Record<string, string> = Object.assign(
  {},
  ...(container.envFrom ?? []).filter((f) => f.configMapRef).map((f) => configMaps.find((c) => c.metadata.name === f.configMapRef!.name)?.data ?? {}),
  Object.fromEntries((container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!])),
);
const containerPort = (port: string | number) => (typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort);

// --- every health check the three deployments make --------------------------------------------------------
const urlOf = (command: string[]) => {
  const script = command.join(' ');
  const path = /https?:\/\/127\.0\.0\.1:[^/]*(\/[\w/-]+)/.exec(script)?.[1];
  // A fixed port, or the PORT variable with a fallback (the Dockerfile's: the image sets no PORT).
  const fixed = /127\.0\.0\.1:(\d+)\//.exec(script)?.[1];
  const fallback = /process\.env\.PORT \|\| (\d+)/.exec(script)?.[1];
  return { path, port: Number(fixed ?? fallback) };
};
const dockerHealthcheck = finalStage.find((i) => i.op === 'HEALTHCHECK');
const probes: Probe[] = [
  { where: 'Dockerfile HEALTHCHECK', ...urlOf(JSON.parse(dockerHealthcheck?.args.replace(/^.*?CMD\s+/, '') ?? '[]') as string[]), kind: 'alive' } as Probe,
  ...botServices.map(([name, s]) => ({ where: `compose ${name} healthcheck`, ...urlOf(s.healthcheck?.test ?? []), kind: 'alive' }) as Probe),
  ...(['startupProbe', 'livenessProbe', 'readinessProbe'] as const).map((p) => ({
    where: `Deployment ${p}`,
    path: container[p]!.httpGet.path,
    port: containerPort(container[p]!.httpGet.port)!,
    kind: p === 'readinessProbe' ? 'ready' : 'alive',
  }) as Probe),
];

describe('deployment files', () => {
  describe('every variable they set is one the bot reads', () => {
    const sets: [string, string[]][] = [
      ['Dockerfile ENV', Object.keys(dockerEnv)],
      ...botServices.map(([name, s]) => [`compose ${name}`, Object.keys(serviceEnv(s))] as [string, string[]]),
      ...(container.env ? [['Deployment env', container.env.map((e) => e.name)] as [string, string[]]] : []),
      ...configMaps.map((c) => [`ConfigMap ${c.metadata.name}`, Object.keys(c.data)] as [string, string[]]),
      ['secret.example.yaml', Object.keys(secretExample.stringData)],
    ];
    it.each(sets)('%s', (_where, names) => {
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n) => !KNOWN_VARIABLES.has(n))).toEqual([]);
    });

    it('and every value set outside the Secret is one the configuration accepts', () => {
      for (const env of [dockerEnv, containerEnv, ...botServices.map(([, s]) => serviceEnv(s))]) {
        expect(() => parseConfig({ ...VALID_ENV, ...env })).not.toThrow();
      }
    });
  });

  describe('ports', () => {
    it('the Dockerfile exposes PORT (its default: the image sets none) and METRICS_PORT', () => {
      expect(dockerEnv.PORT).toBeUndefined();
      const exposed = finalStage.filter((i) => i.op === 'EXPOSE').flatMap((i) => i.args.split(/\s+/).map(Number));
      expect(exposed.sort()).toEqual([DEFAULT_PORT, Number(dockerEnv.METRICS_PORT)].sort());
    });

    it.each(botServices.map(([name, s]) => [name, s] as const))('compose %s publishes (if at all) the PORT it sets', (_name, s) => {
      const env = serviceEnv(s);
      expect(env.PORT).toBeDefined();
      for (const mapping of s.ports ?? []) expect(Number(mapping.split(':').at(-1))).toBe(Number(env.PORT));
    });

    it('the Deployment\'s container ports are PORT and METRICS_PORT, and the Service forwards each by name to the same number', () => {
      expect(containerPort('http')).toBe(Number(containerEnv.PORT));
      expect(containerPort('metrics')).toBe(Number(containerEnv.METRICS_PORT));
      for (const port of service.spec.ports) {
        expect(containerPort(port.targetPort), `${port.name}'s targetPort`).toBe(port.port);
      }
      expect(service.spec.ports.map((p) => p.name).sort()).toEqual(['http', 'metrics']);
      expect(Object.entries(service.spec.selector).every(([k, v]) => (deployment.spec.template as unknown as Doc).metadata.labels?.[k] === v)).toBe(true);
    });

    it('the ServiceMonitor scrapes /metrics on a port the Service names, and selects the Service by its labels', () => {
      expect(serviceMonitor.spec.endpoints.length).toBeGreaterThan(0);
      for (const endpoint of serviceMonitor.spec.endpoints) {
        expect(service.spec.ports.map((p) => p.name)).toContain(endpoint.port);
        expect(endpoint.path).toBe('/metrics');
      }
      for (const [k, v] of Object.entries(serviceMonitor.spec.selector.matchLabels)) expect(service.metadata.labels?.[k]).toBe(v);
    });
  });

  describe('health checks', () => {
    it('each is on the port the bot listens on there', () => {
      // The image's, each compose bot's, and the Deployment's startup, liveness and readiness probes.
      expect(probes).toHaveLength(1 + botServices.length + 3);
      const portThere = (where: string) =>
        where.startsWith('Dockerfile') ? Number(dockerEnv.PORT ?? DEFAULT_PORT)
        : where.startsWith('compose') ? Number(serviceEnv(compose.services[where.split(' ')[1]!]!).PORT ?? DEFAULT_PORT)
        : Number(containerEnv.PORT ?? DEFAULT_PORT);
      for (const probe of probes) {
        expect(probe.path, probe.where).toMatch(/^\/\w/);
        expect(probe.port, probe.where).toBe(portThere(probe.where));
      }
    });

    describe('each path is one the real bot serves', () => {
      let fakes: Fakes;
      let bot: BotProcess;
      let metricsUrl: string;
      beforeAll(async () => {
        fakes = await startFakes();
        // METRICS_PORT=0: any free port, read back from the line the bot logs, as an operator would.
        bot = await spawnBot(fakes, `sqlite:${join(mkdtempSync(join(tmpdir(), 'deploy-files-')), 'bot.db')}`, { METRICS_PORT: '0' });
        const metricsPort = async (): Promise<string> => {
          for (let waited = 0; waited < 10_000; waited += 50) {
            const port = /metrics served on port (\d+)/.exec(bot.output())?.[1];
            if (port) return port;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          throw new Error(`the bot never said where metrics are served:\n${bot.output()}`);
        };
        metricsUrl = `http://127.0.0.1:${await metricsPort()}`;
      });
      afterAll(async () => {
        await killBot(bot);
        await fakes?.stop();
      });

      it('a path it does not serve is 404 (so the checks below can fail)', async () => {
        expect((await fetch(`${bot.url}/healthy`)).status).toBe(404);
      });

      it.each(probes.map((p) => [p.where, p] as const))('%s', async (_where, probe) => {
        const status = (await fetch(`${bot.url}${probe.path}`)).status;
        // Alive: 200 from a bot that has just started. Ready: 200, or 503 while Scalekit has not answered.
        if (probe.kind === 'alive') expect(status).toBe(200);
        else expect([200, 503]).toContain(status);
      });

      it('the ServiceMonitor\'s path is served on METRICS_PORT (Prometheus text), and not on PORT', async () => {
        for (const endpoint of serviceMonitor.spec.endpoints) {
          const scrape = await fetch(`${metricsUrl}${endpoint.path}`);
          expect(scrape.status).toBe(200);
          expect(scrape.headers.get('content-type')).toMatch(/^text\/plain/);
          expect(await scrape.text()).toContain('buildkite_bot_slack_requests_in_flight');
          expect((await fetch(`${bot.url}${endpoint.path}`)).status).toBe(404);
        }
      });
    });
  });

  describe('stopping, and what the container may do', () => {
    it('Kubernetes waits longer than the bot takes to stop after SIGTERM, and so does compose', () => {
      expect(podSpec.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(STOP_DEADLINE_MS);
      for (const [name, s] of botServices) expect(composeDurationMs(s.stop_grace_period ?? '10s'), name).toBeGreaterThanOrEqual(STOP_DEADLINE_MS);
      expect(finalStage.find((i) => i.op === 'STOPSIGNAL')?.args).toBe('SIGTERM');
    });

    it('the image runs as a user that is not root, node itself as PID 1', () => {
      const user = finalStage.filter((i) => i.op === 'USER').at(-1)?.args;
      expect(user).toBeDefined();
      expect(['root', '0']).not.toContain(user!.split(':')[0]);
      expect(JSON.parse(finalStage.find((i) => i.op === 'CMD')!.args)[0]).toBe('node');
    });

    it('the Deployment: non-root, read-only root filesystem, no capabilities; compose: read-only', () => {
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
      expect(container.securityContext?.runAsNonRoot ?? podSpec.securityContext?.runAsNonRoot).toBe(true);
      expect(container.securityContext?.capabilities?.drop).toEqual(['ALL']);
      for (const [name, s] of botServices) expect(s.read_only, name).toBe(true);
    });

    it('the Secret the Deployment names is the example\'s; the example carries DATABASE_URL (two replicas share PostgreSQL) and is not applied', () => {
      const secretRefs = (container.envFrom ?? []).filter((f) => f.secretRef).map((f) => f.secretRef!.name);
      expect(secretRefs).toEqual([secretExample.metadata.name]);
      expect(deployment.spec.replicas).toBeGreaterThan(1);
      expect(secretExample.stringData.DATABASE_URL).toMatch(/^postgres(ql)?:\/\//);
      expect(kustomization.resources).not.toContain('secret.example.yaml');
      expect(k8sFiles.filter((f) => f !== 'kustomization.yaml' && f !== 'secret.example.yaml').sort()).toEqual([...kustomization.resources].sort());
    });
  });
});
