# Node 24, the current LTS, in both stages: better-sqlite3 is compiled against the Node that runs it.
# scripts/image-steps.sh runs these steps without a container engine, on the same Node, in CI.

# Build: compile better-sqlite3 and the TypeScript, then keep only what runs.
FROM node:24-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

# Run: the compiled service, its migrations and production dependencies, as an unprivileged user.
# No compiler here: python3, make and g++ stay in the build stage.
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/summit-tracker.db
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
# Follows PORT, so a container run with another port stays healthy; start-up (migrations) gets 20 s.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# A heap of at most 128 MB with small young-generation spaces: V8 sizes its heap by the limit, and
# by default let it grow to about 180 MB under steady reads whose live data is a fraction of that.
# Everything the service holds is bounded (pages, CSV chunks, body limit), so 128 MB is room enough:
# bench/RESULTS.md. The benchmarks and scripts/image-steps.sh run this line; npm run start:dist repeats it.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=128", "dist/main.js"]
