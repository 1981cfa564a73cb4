#!/bin/sh
# Rolls <kb>'s index in <env> back to its previous version (the alias moves back, no copy) and
# waits until the API at <api-url> answers from it (smoke test). The rollback drill of the
# rehearsal and the CD workflow's rollback run this script.
#   infra/rollback-and-verify.sh <kb> <env> <api-url>
# How ragship runs: infra/lib/ragship.sh. Prints one JSON line on stdout:
#   {"kb","environment","from","to","rollbackMs","servedAfterMs"}
set -eu
if [ $# -ne 3 ]; then
  echo "usage: $0 <kb> <env> <api-url>" >&2
  exit 2
fi
kb=$1
environment=$2
api=$3
export RAGSHIP_ENV="$environment"
# shellcheck source=infra/lib/ragship.sh
. "$(dirname "$0")/lib/ragship.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

started=$(now_ms)
ragship rollback "$kb" --env "$environment" --json >"$work/rollback.json"
rolled=$(now_ms)
from=$(json_field from <"$work/rollback.json")
to=$(json_field to <"$work/rollback.json")
echo "rolled $kb@$environment back from $from to $to; waiting for $api to serve it" >&2
await_serving "$api" "$kb@$to" "$work/smoke.json"
served=$(now_ms)
printf '{"kb":"%s","environment":"%s","from":"%s","to":"%s","rollbackMs":%s,"servedAfterMs":%s}\n' \
  "$kb" "$environment" "$from" "$to" "$((rolled - started))" "$((served - rolled))"
