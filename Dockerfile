# Relay's image: `docker build -t relay .` (README, "Containers").

# Build stage: every dependency, the compiler and a toolchain for better-sqlite3's native module.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
# The Settings app (apps/web) is typed by the client package's generated schema.
COPY packages/client/src/schema.d.ts packages/client/src/schema.d.ts
RUN npm run build && npm prune --omit=dev

# Run stage: the build and production dependencies only, as the unprivileged `node` user.
FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/relay.sqlite
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
RUN chmod +x dist/apps/cli/src/main.js \
  && ln -s /app/dist/apps/cli/src/main.js /usr/local/bin/relay \
  && mkdir /data && chown node:node /data
USER node
# The SQLite database (with its -wal and -shm files) lives here; unused on PostgreSQL.
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 (no npm, no shell), so `docker stop`'s SIGTERM reaches the server, which drains and exits 0.
CMD ["node", "--max-old-space-size=256", "dist/apps/api/src/main.js"]
