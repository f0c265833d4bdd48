# Diplomatic timeline API, compiled: TypeScript is built to JavaScript in one stage, and the image runs
# dist/ on Node's active LTS line with production dependencies only (no tsx, no TypeScript).
# tests/foundation/versions.test.ts checks that the Node line here is the one CI tests most fully, that
# CMD runs a file `npm run build` writes, and that .dockerignore lets in what the build reads.

FROM node:26-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
COPY types ./types
RUN npm run build

FROM node:26-trixie-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM node:26-trixie-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies stay root-owned (read-only for the app); only DATA_DIR is
# writable, for the embedded PGlite database used when DATABASE_URL is unset.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm), so SIGTERM reaches the app's graceful shutdown.
# A heap cap keeps a whole-timeline export under 256 MB RSS (bench/README.md); stack traces of logged
# 5xx errors point into the TypeScript sources through the build's source maps. Override with NODE_OPTIONS.
ENV NODE_OPTIONS="--max-old-space-size=192 --enable-source-maps"
CMD ["node", "dist/src/server.js"]
