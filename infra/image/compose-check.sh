#!/usr/bin/env bash
# Runs the compose stack on this machine once and checks it end to end:
#   infra/image/compose-check.sh
# docker-compose.yml plus infra/compose.host-network.yml (host network, the local ragship:local
# image, Chroma and the API on free loopback ports; run through host-compose.sh) comes up, the one-shot ingest promotes docs@v1,
# the API answers one POST /v1/chat with citations and `X-Index-Version: docs@v…`, and
# `docker-compose down -v` leaves no container, volume or network of the project, and no new link.
# Needs a running engine (infra/image/container-engine.sh start) and ragship:local
# (infra/build-image.sh). Prints one JSON line on stdout:
#   {"chat":"ok","indexVersion","citations","leftovers","networksCreated","ports":{"api","chroma"},"upMs","totalMs"}
# and exits 1 when any check fails. Progress on stderr. RAGSHIP_API_PORT / RAGSHIP_CHROMA_PORT
# choose the ports (default: free ones); COMPOSE_PROJECT_NAME the project (default ragshipcheck).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
project=${COMPOSE_PROJECT_NAME:-ragshipcheck}
ready_timeout_s=${RAGSHIP_COMPOSE_READY_TIMEOUT:-240}
work=$(mktemp -d)

say() { echo "compose-check: $*" >&2; }
# docker-compose -f docker-compose.yml -f infra/compose.host-network.yml, less the `ports` that
# docker-compose v1 refuses on the host's network (see host-compose.sh).
compose() { "$repo_root/infra/image/host-compose.sh" --project-name "$project" "$@"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
free_port() {
  node -e 'const server = require("node:net").createServer().listen(0, "127.0.0.1", () => {
    console.log(server.address().port);
    server.close();
  });'
}
# What the engine and the kernel hold of this project: containers, volumes, networks.
project_objects() {
  docker ps -aq --filter "label=com.docker.compose.project=$project"
  docker volume ls -q --filter "label=com.docker.compose.project=$project"
  docker network ls -q --filter "label=com.docker.compose.project=$project"
}
links() { if command -v ip >/dev/null; then ip -br link | awk '{ print $1 }' | sort; fi; }

docker info >/dev/null 2>&1 || { say "no container engine answers: run infra/image/container-engine.sh start"; exit 1; }
docker image inspect ragship:local >/dev/null 2>&1 || { say "no ragship:local image: run infra/build-image.sh"; exit 1; }
if [ -n "$(project_objects)" ]; then
  say "project $project has leftovers from an earlier run: removing them"
  compose down -v --remove-orphans >&2 2>&1 || true
fi

export RAGSHIP_API_PORT=${RAGSHIP_API_PORT:-$(free_port)}
export RAGSHIP_CHROMA_PORT=${RAGSHIP_CHROMA_PORT:-$(free_port)}
while [ "$RAGSHIP_CHROMA_PORT" = "$RAGSHIP_API_PORT" ]; do RAGSHIP_CHROMA_PORT=$(free_port); done
export PHOENIX_COLLECTOR_ENDPOINT= # tracing off: Phoenix is in the `tracing` profile, not started here
api=http://127.0.0.1:$RAGSHIP_API_PORT

networks_before=$(docker network ls -q | sort)
links_before=$(links)
taken_down=false
take_down() {
  [ "$taken_down" = true ] && return 0
  taken_down=true
  say "docker-compose down -v"
  compose down -v --remove-orphans >&2 2>&1 || say "docker-compose down failed"
}
trap 'take_down; rm -rf "$work"' EXIT

started_ms=$(now_ms)
say "up: project $project, API on $RAGSHIP_API_PORT, Chroma on $RAGSHIP_CHROMA_PORT"
compose up -d --no-build >&2 2>&1

say "waiting for $api/readyz (ingest first)"
deadline=$((SECONDS + ready_timeout_s))
until curl -fsS -o /dev/null "$api/readyz" 2>/dev/null; do
  ingest=$(compose ps -q ingest)
  ingest_state=$([ -n "$ingest" ] && docker inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$ingest" || echo none)
  if [ "${ingest_state% *}" = exited ] && [ "${ingest_state#* }" != 0 ] || [ "$SECONDS" -ge "$deadline" ]; then
    say "the API did not become ready (ingest: $ingest_state); last log lines:"
    compose logs --no-color --tail 20 >&2 2>&1 || true
    exit 1
  fi
  sleep 1
done
up_ms=$(($(now_ms) - started_ms))
networks_while_up=$(docker network ls -q | sort)

say "POST /v1/chat"
status=$(curl -sS -o "$work/chat.json" -D "$work/headers.txt" -w '%{http_code}' "$api/v1/chat" \
  -H 'content-type: application/json' -d '{"question":"How do I roll back an index?"}')
index_version=$(sed -n 's/^[Xx]-[Ii]ndex-[Vv]ersion: *\([^[:space:]]*\).*/\1/p' "$work/headers.txt")
citations=$(node -e 'const body = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  console.log(typeof body.answer === "string" && body.answer !== "" ? (body.citations ?? []).length : 0);' \
  "$work/chat.json" 2>/dev/null || echo 0)
chat=failed
if [ "$status" = 200 ] && [ "$citations" -gt 0 ] && [[ "$index_version" == docs@v* ]]; then chat=ok; fi
[ "$chat" = ok ] || say "chat answered $status, $citations citations, X-Index-Version '$index_version': $(head -c 300 "$work/chat.json")"

take_down
leftovers=$(project_objects | wc -l)
new_links=$(comm -13 <(echo "$links_before") <(links) | wc -l)
networks_created=$(comm -13 <(echo "$networks_before") <(echo "$networks_while_up") | grep -c . || true)
[ "$leftovers" -eq 0 ] || say "left behind: $(project_objects | tr '\n' ' ')"
[ "$networks_created" -eq 0 ] || say "compose created $networks_created network(s)"
[ "$new_links" -eq 0 ] || say "new network links: $(comm -13 <(echo "$links_before") <(links) | tr '\n' ' ')"

printf '{"chat":"%s","indexVersion":"%s","citations":%s,"leftovers":%s,"networksCreated":%s,"newLinks":%s,"ports":{"api":%s,"chroma":%s},"upMs":%s,"totalMs":%s}\n' \
  "$chat" "$index_version" "$citations" "$leftovers" "$networks_created" "$new_links" \
  "$RAGSHIP_API_PORT" "$RAGSHIP_CHROMA_PORT" "$up_ms" "$(($(now_ms) - started_ms))"
[ "$chat" = ok ] && [ "$leftovers" -eq 0 ] && [ "$networks_created" -eq 0 ] && [ "$new_links" -eq 0 ]
