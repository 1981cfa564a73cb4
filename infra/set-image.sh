#!/bin/sh
# Pin the ragship image, by digest, in kustomize overlays: CD runs it with the digest it built
# once, so every environment runs exactly that image.
#   infra/set-image.sh <image>@sha256:<64 hex digits> [<overlay dir>…]
# With no overlay directory, every overlay under infra/k8s/overlays. Each overlay includes the
# component <overlay>/image, which this script rewrites whole: the image for the containers named
# `ragship` (API, ingest and promotion jobs) and RAGSHIP_BUILD=<image>@sha256:… in the
# environment's ConfigMap, which the API reports at GET /version. Needs no kustomize binary.
# Exit codes: 0 pinned, 2 usage error (nothing written).
set -eu

usage() {
  echo "usage: infra/set-image.sh <image>@sha256:<64 hex digits> [<overlay dir>...]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
ref=$1
shift

# A name as the OCI distribution spec has it (an optional registry host with a port, then
# lowercase path components) without a tag, then the digest. Anything else is refused, a tag
# above all: a tag can move, a digest cannot.
host='[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]+)?/'
component='[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*'
case $ref in
  *"
"*) valid=false ;;
  *) if printf '%s\n' "$ref" | grep -Eqx "($host)?$component(/$component)*@sha256:[0-9a-f]{64}"; then
    valid=true
  else
    valid=false
  fi ;;
esac
if [ "$valid" != true ]; then
  echo "set-image: '$ref' is not <image>@sha256:<64 hex digits>; pin a digest, never a tag" >&2
  exit 2
fi
name=${ref%@*}
digest=${ref#*@}

if [ $# -eq 0 ]; then
  overlays=$(dirname "$0")/k8s/overlays
  set -- "$overlays"/*/
fi
for overlay in "$@"; do
  if [ ! -f "$overlay/kustomization.yaml" ]; then
    echo "set-image: $overlay is not a kustomize overlay (no kustomization.yaml)" >&2
    exit 2
  fi
done

for overlay in "$@"; do
  overlay=${overlay%/}
  mkdir -p "$overlay/image"
  # Written beside the target and renamed over it, so a failure never leaves half a file.
  target=$overlay/image/kustomization.yaml
  cat >"$target.tmp" <<EOF
# The ragship image this environment runs, pinned by digest. Written by infra/set-image.sh; do not
# edit it by hand.
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
images:
  - name: ragship
    newName: $name
    digest: $digest
configMapGenerator:
  - name: ragship-environment
    behavior: merge
    literals:
      - RAGSHIP_BUILD=$ref
EOF
  mv "$target.tmp" "$target"
  echo "$overlay: $ref"
done
