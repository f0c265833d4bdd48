# Diplomatic timeline API. The app runs TypeScript directly through tsx (a runtime
# dependency), so there is no compile step: the deps stage installs production
# dependencies only, and the runtime stage adds the sources.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies stay root-owned (read-only for the app); only DATA_DIR is
# writable, for the embedded PGlite database used when DATABASE_URL is unset.
COPY --from=deps /app/node_modules ./node_modules
# .dockerignore lets in only package*.json, tsconfig.json, src/, migrations/, seeds/, types/.
COPY . .
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm), so SIGTERM reaches the app's graceful shutdown.
# A heap cap keeps a whole-timeline export under 256 MB RSS (bench/README.md); override with NODE_OPTIONS.
ENV NODE_OPTIONS=--max-old-space-size=192
CMD ["node", "--import", "tsx", "src/server.ts"]
