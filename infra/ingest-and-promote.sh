#!/bin/sh
# Continuous training of an index: ingest <dir> into <kb> (no new version when nothing changed),
# measure the new version on a golden set when one is given, and promote it to $RAGSHIP_ENV
# behind that environment's gates (exit 3 when a gate refuses). Used by the compose ingest
# service, the Kubernetes CronJob and the CT workflow.
#   infra/ingest-and-promote.sh <dir> <kb> [golden-set-dir]
# RAGSHIP_BIN (default /app/apps/cli/bin/ragship.js) and RAGSHIP_CONFIG (a --config file) are optional.
set -eu
dir=$1
kb=$2
golden=${3:-}
bin=${RAGSHIP_BIN:-/app/apps/cli/bin/ragship.js}

ragship() {
  if [ -n "${RAGSHIP_CONFIG:-}" ]; then node "$bin" --config "$RAGSHIP_CONFIG" "$@"; else node "$bin" "$@"; fi
}

version=$(ragship ingest "$dir" --kb "$kb" --json | node -e '
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => console.log(JSON.parse(text).version ?? ""));
')
if [ -z "$version" ]; then
  echo "$kb: up to date, nothing to promote"
  exit 0
fi
if [ -n "$golden" ]; then
  ragship eval "$kb@$version" --dataset "$golden"
fi
ragship promote "$kb@$version" --to "${RAGSHIP_ENV:-dev}"
