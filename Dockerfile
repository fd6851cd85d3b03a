# syntax=docker/dockerfile:1.7
# TaskMetrics: one image for every role (api, admin, telegram, discord, worker);
# the ROLES env var picks what a container runs. See docs/operations-docker.md.
#
#   docker build -t taskmetrics .            (or: docker compose build)
#   docker run --rm -e ROLES=api ... taskmetrics

ARG BUN_VERSION=1.4
ARG NODE_VERSION=20

# ---------------------------------------------------------------------------
# deps: production node_modules, exactly as pinned by package-lock.json.
#
# Why `npm ci` (in a node image) and not `bun install --frozen-lockfile`:
# the repo's lockfile is npm's package-lock.json, and package.json relies on an
# npm `overrides` entry with a `$` reference (@adminjs/prisma -> the project's
# @prisma/client). `npm ci` installs that lock byte for byte, refuses a lock that
# is out of sync with package.json, and runs install scripts (so
# @prisma/engines fetches the native schema engine while the build has network,
# which keeps `bunx prisma migrate deploy` usable inside the image). `bun install`
# would first have to migrate package-lock.json to bun.lock, so --frozen-lockfile
# would not be checking the lock we actually commit.
# The result is platform-neutral JS plus linux/glibc prebuilt addons; the
# runtime image is Debian (glibc) too, so the tree is copied over as is.
# ---------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production \
    npm_config_audit=false \
    npm_config_fund=false \
    npm_config_update_notifier=false \
    SCARF_ANALYTICS=false \
    CHECKPOINT_DISABLE=1
# openssl lets Prisma detect the right engine flavour (debian-openssl-3.0.x).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The runtime image already is Bun: drop the ~100 MB copy from the `bun` npm
# package (and its .bin links, which would shadow the real bun in `bun run`).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev \
 && rm -rf node_modules/bun node_modules/@oven node_modules/.bin/bun node_modules/.bin/bunx

# ---------------------------------------------------------------------------
# build: sources + generated Prisma client (src/generated/). Bun runs the
# TypeScript directly, so there is no compile step.
# ---------------------------------------------------------------------------
FROM oven/bun:${BUN_VERSION} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Runs the generators of prisma/schema.prisma: the client (src/generated/prisma),
# the classic client that @adminjs/prisma imports (node_modules/.prisma/client)
# and the full DMMF for AdminJS (`bun scripts/generate-dmmf.ts`). generate never
# connects; the placeholder URL only satisfies prisma.config.ts.
RUN DATABASE_URL="postgresql://build:build@127.0.0.1:5432/build" bunx --bun prisma generate \
 && test -d src/generated/prisma && test -f src/generated/dmmf.json && test -f node_modules/.prisma/client/default.js

# ---------------------------------------------------------------------------
# runtime: slim Bun, production deps only, non-root.
# ---------------------------------------------------------------------------
FROM oven/bun:${BUN_VERSION}-slim AS runtime
# The slim base ships ca-certificates, which pulls in openssl (libssl is what
# Prisma's native schema engine needs for `bunx prisma migrate deploy`); install
# them only if a future base image drops them.
RUN if ! command -v openssl >/dev/null || [ ! -f /etc/ssl/certs/ca-certificates.crt ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends openssl ca-certificates \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
 && groupadd --system --gid 10001 taskmetrics \
 && useradd --system --uid 10001 --gid taskmetrics --create-home --home-dir /home/taskmetrics \
      --shell /usr/sbin/nologin taskmetrics
WORKDIR /app
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    PORT=3000 \
    ADMIN_PORT=3001 \
    DATA_DIR=/app/data \
    ADMIN_JS_TMP_DIR=/app/adminjs-tmp
# Code and node_modules stay root-owned (read-only for the app user); only the
# data and AdminJS bundle folders are writable. DATA_DIR is a volume in compose;
# a fresh named volume inherits this folder's owner.
COPY --from=build /app /app
RUN mkdir -p /app/data /app/adminjs-tmp \
 && chown taskmetrics:taskmetrics /app/data /app/adminjs-tmp
USER taskmetrics
EXPOSE 3000 3001
# Role-aware: probes api (:PORT/health) and/or admin (:ADMIN_PORT/admin) when the
# container runs them, and passes for worker/bot-only containers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bun", "/app/deploy/healthcheck.ts"]
CMD ["bun", "src/main.ts"]
