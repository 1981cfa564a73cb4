#!/bin/sh
# Continuous training of an index (CT): ingest <dir> into <kb> (no new version when nothing
# changed), measure the new version on the kb's golden set — [golden-set-dir], else the config's
# kbs.<kb>.eval — and promote it to $RAGSHIP_ENV behind that environment's gates (exit 3 when a
# gate refuses). The one script the Kubernetes ingest CronJob, the compose ingest service, the CT
# workflow and the rehearsal run, inside the image.
#   infra/ingest-and-promote.sh <dir> <kb> [golden-set-dir]
# How ragship runs (RAGSHIP_BIN, RAGSHIP_CONFIG, RAGSHIP_IMAGE): infra/lib/ragship.sh.
set -eu
if [ $# -lt 2 ]; then
  echo "usage: $0 <dir> <kb> [golden-set-dir]" >&2
  exit 2
fi
dir=$1
kb=$2
golden=${3:-}
# shellcheck source=infra/lib/ragship.sh
. "$(dirname "$0")/lib/ragship.sh"

version=$(ragship ingest "$dir" --kb "$kb" --json | json_field version)
if [ -z "$version" ]; then
  echo "$kb: up to date, nothing to promote"
  exit 0
fi
if [ -n "$golden" ]; then
  ragship eval "$kb@$version" --dataset "$golden"
elif [ -n "$(ragship config --json | json_field "kbs.$kb.eval")" ]; then
  ragship eval "$kb@$version"
else
  echo "$kb: no golden set (kbs.$kb.eval) configured; promoting on build metrics only" >&2
fi
ragship promote "$kb@$version" --to "${RAGSHIP_ENV:-dev}"
