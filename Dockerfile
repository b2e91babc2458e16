# syntax=docker/dockerfile:1
#
# Two stages: `build` compiles TypeScript and better-sqlite3's native addon with the full
# toolchain; the runtime image gets only production node_modules, the compiled JavaScript and
# package.json, and runs as the unprivileged `node` user with the database on a volume.
#
#   docker build -t onetoone .
#   docker run -d --name onetoone --env-file .env -p 3000:3000 -v onetoone-data:/data onetoone
#
# Both stages must use the same Node major: the native addon is built against its ABI.
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
# better-sqlite3 downloads a prebuilt binary when one matches, and otherwise compiles SQLite.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so editing the source does not invalidate this (slow) layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
# Compiles to dist/src (the app) and dist/migrations (loaded at start from ../../migrations
# relative to dist/src/db/migrate.js); tests and benchmarks are not compiled. Then drops dev
# dependencies, and SQLite's sources and object files: only the compiled addon is needed.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src \
 && find build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} + \
 && find build/Release -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} +

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATABASE_URL=/data/onetoone.db
# DejaVu Sans for the chart pictures (src/charts/engine.ts looks for it where Debian puts it):
# resvg draws no text without a font, and the slim image has none. About 3 MB.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The code stays owned by root: the app can read it but not change it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The SQLite file (and its -wal/-shm companions) live on the volume, writable by `node` only.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# GET /healthz answers 200 when the database answers (in Socket Mode too, on the same PORT).
# node:*-slim has no curl, so Node's own fetch does the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1 and handles SIGTERM (docker stop): it stops taking requests, closes the
# database and exits 0.
CMD ["node", "dist/src/main.js"]
