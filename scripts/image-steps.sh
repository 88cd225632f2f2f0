#!/usr/bin/env bash
# Runs the Dockerfile's steps without a container engine: the same install, build and prune in a
# scratch directory, then starts the compiled service the way the image does and checks /readyz.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

cp "$root/package.json" "$root/package-lock.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
cp -r "$root/tsconfig.json" "$root/tsconfig.build.json" "$root/src" "$root/migrations" "$work/"
(cd "$work" && npm run -s build && npm prune --omit=dev --loglevel=error)
rm -rf "$work/src" "$work/tsconfig.json" "$work/tsconfig.build.json"

# In production the service refuses to start without an API key: make one with the compiled command.
(cd "$work" && DATABASE_PATH="$work/data/summit-tracker.db" node dist/cli/keys.js create --name image-check --scopes read >/dev/null)
port=$((20000 + RANDOM % 20000))
(cd "$work" && NODE_ENV=production HOST=127.0.0.1 PORT=$port DATABASE_PATH="$work/data/summit-tracker.db" \
  LOG_LEVEL=warn node dist/main.js) &
pid=$!
for _ in $(seq 1 50); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
    # The image's HEALTHCHECK command, as written in the Dockerfile, against this port.
    check="$(sed -n '/^HEALTHCHECK/,/CMD/p' "$root/Dockerfile" | sed -n 's/^ *CMD //p')"
    (cd "$work" && PORT=$port bash -c "$check") || { echo "image steps: the HEALTHCHECK command failed" >&2; exit 1; }
    echo "image steps: built, pruned to production dependencies, ready on port $port, and healthy by the image's HEALTHCHECK"
    exit 0
  fi
  sleep 0.2
done
echo "image steps: the compiled service did not become ready" >&2
exit 1
