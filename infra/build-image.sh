#!/usr/bin/env bash
# Builds the ragship image from infra/Dockerfile: the one command CI, CD and the rehearsal use.
#   infra/build-image.sh [--base <image>] [--tag <tag>] [--git-sha <sha>]
# --base    base image of both stages (default: the Dockerfile's, the official node:24-slim); where no
#           image registry is reachable, pass the image infra/image/build-base.sh prints
# --tag     tag of the result (default ragship:local)
# --git-sha commit baked in as RAGSHIP_GIT_SHA and the OCI revision label (default: git rev-parse HEAD)
# npm inside the build uses this machine's registry (`npm config get registry`) when npm is here.
# BuildKit is used where a client for it exists (see below), else the legacy builder; both build the
# same Dockerfile and pull nothing but a base image that is not already here.
# Prints one JSON line on stdout: {"tag","id","sizeBytes","buildMs","gitSha","builder"}; build logs on stderr.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base=
tag=ragship:local
git_sha=

usage() {
  echo "usage: $0 [--base <image>] [--tag <tag>] [--git-sha <sha>]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --base) [ $# -ge 2 ] || usage; base=$2; shift 2 ;;
    --tag) [ $# -ge 2 ] || usage; tag=$2; shift 2 ;;
    --git-sha) [ $# -ge 2 ] || usage; git_sha=$2; shift 2 ;;
    -h | --help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[ -n "$git_sha" ] || git_sha=$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || echo unknown)

build_args=(--build-arg "GIT_SHA=$git_sha")
[ -z "$base" ] || build_args+=(--build-arg "BASE_IMAGE=$base")
if command -v npm >/dev/null 2>&1; then
  registry=$(npm config get registry 2>/dev/null || true)
  [ -z "$registry" ] || build_args+=(--build-arg "NPM_CONFIG_REGISTRY=$registry")
fi

# BuildKit when this machine has a client for it: the buildx plugin (docker 23 and later build only
# through it), else a docker CLI from before 23, whose BuildKit client is built in (Debian's
# docker.io ships one as /usr/bin/docker). Otherwise the legacy builder. DOCKER_BUILDKIT=0 forces
# the legacy builder.
docker_cli=docker
builder=legacy
if [ "${DOCKER_BUILDKIT:-}" != 0 ]; then
  if docker buildx version >/dev/null 2>&1; then
    builder=buildkit
  else
    for candidate in docker /usr/bin/docker; do
      client_version=$("$candidate" version --format '{{.Client.Version}}' 2>/dev/null || true)
      if [ -n "$client_version" ] && [ "${client_version%%.*}" -lt 23 ] 2>/dev/null; then
        docker_cli=$candidate
        builder=buildkit
        break
      fi
    done
  fi
fi
if [ "$builder" = buildkit ]; then
  export DOCKER_BUILDKIT=1 BUILDKIT_PROGRESS=${BUILDKIT_PROGRESS:-plain}
else
  export DOCKER_BUILDKIT=0
fi

echo "build-image: $tag from ${base:-the default base} at ${git_sha:0:12} ($builder builder, $docker_cli)" >&2
previous_id=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
started_ns=$(date +%s%N)
"$docker_cli" build --network host -f "$repo_root/infra/Dockerfile" -t "$tag" "${build_args[@]}" "$repo_root" >&2
build_ms=$((($(date +%s%N) - started_ns) / 1000000))

id=$(docker image inspect --format '{{.Id}}' "$tag")
size_bytes=$(docker image inspect --format '{{.Size}}' "$tag")
# The image the tag named before is garbage once nothing else names it (its layers stay as long as
# the new image shares them, so the layer cache is kept).
if [ -n "$previous_id" ] && [ "$previous_id" != "$id" ] &&
  [ "$(docker image inspect --format '{{len .RepoTags}}' "$previous_id" 2>/dev/null)" = 0 ]; then
  if docker image rm "$previous_id" >/dev/null 2>&1; then echo "build-image: removed the superseded ${previous_id:7:12}" >&2; fi
fi
echo "build-image: $tag $id, $((size_bytes / 1000000)) MB, $((build_ms / 1000)) s" >&2
printf '{"tag":"%s","id":"%s","sizeBytes":%s,"buildMs":%s,"gitSha":"%s","builder":"%s"}\n' \
  "$tag" "$id" "$size_bytes" "$build_ms" "$git_sha" "$builder"
