# shellcheck shell=sh
# How the CT and CD scripts run ragship; they source this file. With RAGSHIP_IMAGE set (a CI
# runner, the rehearsal) every command runs in a throw-away container of that image on the host
# network, with the shipped config (or RAGSHIP_CONFIG, a path in the image) and the variables it
# reads passed through; RAGSHIP_DOCKER_ARGS adds `docker run` arguments (e.g. a golden set's
# mount). Otherwise the CLI at RAGSHIP_BIN (default /app/apps/cli/bin/ragship.js, inside the image)
# runs here, with --config RAGSHIP_CONFIG when set.

ragship() {
  if [ -n "${RAGSHIP_IMAGE:-}" ]; then
    # shellcheck disable=SC2086 # RAGSHIP_DOCKER_ARGS is a list of arguments
    docker run --rm --network host ${RAGSHIP_DOCKER_ARGS:-} \
      -e RAGSHIP_ENV -e RAGSHIP_ACTOR -e RAGSHIP_BUILD -e RAGSHIP_API_KEY -e DATABASE_URL \
      -e CHROMA_URL_DEV -e CHROMA_URL_STAGING -e CHROMA_URL_PROD \
      -e PHOENIX_COLLECTOR_ENDPOINT -e PHOENIX_PROJECT_NAME -e PHOENIX_API_KEY \
      "$RAGSHIP_IMAGE" --config "${RAGSHIP_CONFIG:-/app/infra/k8s/base/ragship.config.yaml}" "$@"
  elif [ -n "${RAGSHIP_CONFIG:-}" ]; then
    node "${RAGSHIP_BIN:-/app/apps/cli/bin/ragship.js}" --config "$RAGSHIP_CONFIG" "$@"
  else
    node "${RAGSHIP_BIN:-/app/apps/cli/bin/ragship.js}" "$@"
  fi
}

# Runs CronJob $2's job template in namespace $1 now, as a Job of the image the cluster runs,
# waits for it, prints container $3's output and returns its exit code. CT runs the ingest job
# this way, and CD the promotion job (RAGSHIP_PROMOTE_VIA=kubernetes) in the cluster, where every
# environment's store is reachable.
run_cronjob_now() {
  job="$2-$(date +%s)"
  kubectl -n "$1" create job "$job" --from="cronjob/$2" >&2
  until status=$(kubectl -n "$1" get job "$job" -o jsonpath='{.status.succeeded}{.status.failed}') && [ -n "$status" ]; do
    sleep 5
  done
  kubectl -n "$1" logs "job/$job" -c "$3"
  code=$(kubectl -n "$1" get pods -l "job-name=$job" \
    -o jsonpath='{.items[0].status.containerStatuses[0].state.terminated.exitCode}')
  return "${code:-1}"
}

# Waits until the API at $1 answers from $2 (`<kb>@v<N>`) and passes `ragship smoke` — ready, the
# build RAGSHIP_BUILD when set, a cited answer — and leaves the smoke result (JSON) in file $3.
# The API follows its alias within api.aliasRefreshSeconds; it gets a minute.
await_serving() {
  attempt=0
  until ragship smoke "$1" --expect "$2" ${RAGSHIP_BUILD:+--build "$RAGSHIP_BUILD"} --json >"$3" 2>"$3.log"; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 60 ]; then
      cat "$3" "$3.log" >&2
      echo "$1 did not serve $2 within a minute" >&2
      return 1
    fi
    sleep 1
  done
}

# Reads one field of the JSON document on stdin (a dotted path); prints nothing when it is null.
# The document may sit among log lines (a Job's log holds stderr too): then the lines from the
# first `{` line to the last `}` line are read.
json_field() {
  node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      let document;
      try {
        document = JSON.parse(text);
      } catch {
        const lines = text.split("\n");
        document = JSON.parse(lines.slice(lines.indexOf("{"), lines.lastIndexOf("}") + 1).join("\n"));
      }
      const value = process.argv[1].split(".").reduce((object, key) => object?.[key], document);
      console.log(typeof value === "object" && value !== null ? JSON.stringify(value) : (value ?? ""));
    });' "$1"
}

now_ms() {
  node -e 'console.log(Date.now())'
}
