# The ledger service. Build stage: better-sqlite3 compiles with node-gyp (python3, make, g++),
# then the Nest app is built and dev dependencies are dropped. The run stage gets the result
# only, on the same base image, so the native module matches its glibc.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci: exactly what the lockfile pins, as CI installs.
RUN npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx nest build ledger && npm run build:console && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3000 \
    LEDGER_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The projections (and the key vault, unless LEDGER_DATABASE_URL is set) are SQLite files in the data directory.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tsc keeps the source layout under dist/ (outDir of tsconfig.build.json, rootDir the repository).
CMD ["node", "dist/apps/ledger/src/main.js"]
