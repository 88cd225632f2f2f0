#!/usr/bin/env bash
# End to end: build, start the compiled service on a fresh database, fetch the Postman collection
# it publishes, run it with newman (every request's status and body are checked), stop the server.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

npm run -s build
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
DATABASE_PATH="$work/e2e.db" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn node dist/main.js &
pid=$!
for _ in $(seq 1 50); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/postman.json" -o "$work/collection.json"
node_modules/.bin/newman run "$work/collection.json" --env-var "baseUrl=$base" --color off --reporters cli
