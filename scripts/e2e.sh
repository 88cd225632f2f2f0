#!/usr/bin/env bash
# End to end: build, seed the demo data, start the compiled service, fetch the Postman collection it
# publishes and run it twice with newman (every request's status and body are checked), stop the server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

npm run -s build
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
# A database that already holds records (the demo data: Japan, its ISO code, its summits), so the
# collection must not depend on an empty one.
DATABASE_PATH="$work/e2e.db" node dist/cli/seed.js >/dev/null
DATABASE_PATH="$work/e2e.db" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn node dist/main.js &
pid=$!
for _ in $(seq 1 50); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/postman.json" -o "$work/collection.json"
# Twice in a row: the second run meets everything the first one left.
for run in 1 2; do
  echo "e2e: collection run $run"
  node_modules/.bin/newman run "$work/collection.json" --env-var "baseUrl=$base" --color off --reporters cli
  sleep 1 # the per-run ISO code changes every second
done
