#!/bin/sh
# CD for one environment's index, once its API runs the new image: promote the version <from>
# serves to <to> behind <to>'s gates (segments copied into <to>'s store and verified against the
# manifest's digest), wait until the API at <api-url> answers from it, smoke-test it (ready, the
# expected build, a cited answer from that version) and evaluate it over HTTP on the kb's golden
# set against <to>'s gates. The one script the deploy workflow and the rehearsal run.
#   infra/promote-and-verify.sh <kb> <from> <to> <api-url>
# Exit 3: a gate refused and <to> still serves what it did. RAGSHIP_BUILD, when set, is the build
# the API must report. RAGSHIP_PROMOTE_VIA=kubernetes promotes as a Job in the cluster instead of
# here. How ragship runs: infra/lib/ragship.sh. Prints one JSON line on stdout:
#   {"kb","from","to","version","copied","verifiedDigest","promoteMs","servedAfterMs","smoke","eval"}
set -eu
if [ $# -ne 4 ]; then
  echo "usage: $0 <kb> <from-env> <to-env> <api-url>" >&2
  exit 2
fi
kb=$1
from=$2
to=$3
api=$4
export RAGSHIP_ENV="$to"
# shellcheck source=infra/lib/ragship.sh
. "$(dirname "$0")/lib/ragship.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

started=$(now_ms)
if [ "${RAGSHIP_PROMOTE_VIA:-here}" = kubernetes ]; then
  # The job template promotes $RAGSHIP_KB from $RAGSHIP_PROMOTE_FROM, set per environment.
  run_cronjob_now "ragship-$to" ragship-promote promote >"$work/promote.json" || status=$?
else
  ragship promote "$kb" --from "$from" --to "$to" --json >"$work/promote.json" || status=$?
fi
if [ "${status:-0}" -ne 0 ]; then
  echo "promote $kb $from → $to failed (exit $status); $to is unchanged" >&2
  exit "$status"
fi
version=$(json_field to <"$work/promote.json")
copied=$(json_field copied <"$work/promote.json")
digest=$(json_field verifiedDigest <"$work/promote.json")
promoted=$(now_ms)
echo "promoted $kb@$version to $to in $((promoted - started)) ms; waiting for $api to serve it" >&2

await_serving "$api" "$kb@$version" "$work/smoke.json"
served=$(now_ms)

# Measured through the API on the kb's golden set; <to>'s min/max gates apply (exit 3).
ragship eval "$kb@$to" --api "$api" --json >"$work/eval.json" || status=$?
if [ "${status:-0}" -ne 0 ]; then
  cat "$work/eval.json" >&2
  echo "eval of $kb over $api failed (exit $status)" >&2
  exit "$status"
fi

node -e '
  const [kb, from, to, version, copied, digest, promoteMs, servedAfterMs, smokeFile, evalFile] = process.argv.slice(1);
  const read = (file) => JSON.parse(require("node:fs").readFileSync(file, "utf8"));
  const smoke = read(smokeFile);
  const measured = read(evalFile);
  console.log(JSON.stringify({
    kb, from, to, version, copied: Number(copied || 0), verifiedDigest: digest || null,
    promoteMs: Number(promoteMs), servedAfterMs: Number(servedAfterMs),
    smoke: { passed: smoke.passed, build: smoke.build, serves: smoke.serves },
    eval: { dataset: measured.dataset, queries: measured.queries, metrics: measured.metrics, gates: measured.gates },
  }));' "$kb" "$from" "$to" "$version" "$copied" "$digest" "$((promoted - started))" "$((served - promoted))" \
  "$work/smoke.json" "$work/eval.json"
