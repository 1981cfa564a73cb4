#!/usr/bin/env bash
# docker-compose on the host's network: docker-compose.yml with infra/compose.host-network.yml.
#   infra/image/host-compose.sh [-p <project>] up -d      # then down -v, ps, logs, … as usual
# docker-compose v1 (Debian's 1.29) refuses `ports` on a `network_mode: host` service, and an
# override file cannot remove the base file's `ports`. So the two files are rendered into one
# (`docker-compose config`, which also fills in RAGSHIP_API_PORT / RAGSHIP_CHROMA_PORT), the `ports`
# of host-network services are dropped, and docker-compose runs on that, from the repository root.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
rendered=$(mktemp --suffix=.yml)
trap 'rm -f "$rendered"' EXIT

docker-compose --project-directory "$repo_root" \
  -f "$repo_root/docker-compose.yml" -f "$repo_root/infra/compose.host-network.yml" config |
  python3 -c '
import sys, yaml
config = yaml.safe_load(sys.stdin)
for service in config.get("services", {}).values():
    if service.get("network_mode") == "host":
        service.pop("ports", None)
yaml.safe_dump(config, sys.stdout, sort_keys=False)
' >"$rendered"

status=0
docker-compose --project-directory "$repo_root" -f "$rendered" "$@" || status=$?
exit "$status"
