# The bot as one container: `docker build -t buildkite-slack-bot .` (README, "Deploy").
# Plain Dockerfile syntax (no BuildKit-only features), so the classic builder builds it too.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: compile TypeScript, then keep only the production dependencies --------------------------
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native module when no prebuilt binary can be downloaded (e.g. GitHub out
# of reach); @resvg/resvg-js needs nothing here (a prebuilt npm package per platform, glibc).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsconfig.build.json leaves the sandbox's fakes out of dist; prune drops tsc, vitest and the rest of
# the dev dependencies, keeping the compiled better-sqlite3, whose sources and objects (~25 MB) go too.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/.deps build/Release/sqlite3.a

# --- run: production dependencies, dist, package.json ("type": "module") and manifest.yml -----------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production METRICS_PORT=9464
WORKDIR /app
# Owned by root and read-only to the bot: only /app/data is its to write.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The doctor (`node dist/doctor/main.js`) compares the token's scopes with the manifest's.
COPY manifest.yml ./manifest.yml
# The SQLite default is ./data/bot.db (relative to WORKDIR): the one writable place, a volume so that
# `docker run --read-only` works and the data outlives the container. Unused with DATABASE_URL=postgres://….
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
USER node
# PORT: /healthz, /readyz and, in HTTP mode, Slack's requests. METRICS_PORT: GET /metrics for Prometheus.
EXPOSE 3000 9464
# main.ts drains on SIGTERM and is gone within STOP_DEADLINE_MS (25 s): `docker stop -t 30` gives it that.
STOPSIGNAL SIGTERM
# No curl in a slim image: node asks /healthz itself (liveness only; /readyz is for load balancers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm, which does not pass SIGTERM on); the flag as `npm start` runs it.
CMD ["node", "--max-semi-space-size=4", "dist/main.js"]
