# syntax=docker/dockerfile:1
# One image for every IntoWork process; SERVICE picks which one runs (gateway, auth, jobs,
# applications, notifications). The migration job runs `node dist/tools/migrate.js` from it.

# Node 22 LTS (Node 20 reached its end of life in April 2026); package.json "engines" lists the supported lines.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Optional dependencies are only the embedded PostgreSQL that `npm start` may use on a laptop.
RUN npm ci --omit=optional --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY tools ./tools
RUN npm run build \
 && npm prune --omit=dev --omit=optional --no-audit --no-fund

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SERVICE=gateway
WORKDIR /app
# Owned by root and read-only for the process, which runs as the image's unprivileged `node` user.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
# V8's heap bounds, as tools/lib/processes.ts (PROCESS_NODE_OPTIONS) gives them to `npm start`'s processes.
ENV NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=8"
EXPOSE 8000 8001 8002 8003 8004
# /health/ready of the process SERVICE names, on its port (<SERVICE>_PORT or the default); a one-shot
# container of this image (the migration job) turns it off.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/tools/healthcheck.js"]
# exec: node is the process that receives SIGTERM (and drains); run with an init (compose: init: true).
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
