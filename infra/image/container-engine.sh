#!/usr/bin/env bash
# Starts or stops the local Docker engine the image build, compose check and container tests use.
#   infra/image/container-engine.sh start   # prints "started" or "already-running"
#   infra/image/container-engine.sh stop    # prints "stopped" or "not-started-here"
# The engine runs with no bridge and no iptables rules (this machine has no network but the package
# registries), so every container must use `--network host`. `start` installs docker.io,
# debootstrap and docker-compose from Debian when missing (as root), and starts dockerd only when
# `docker info` does not answer; `stop` stops the daemon only when this script started it (its
# pidfile under .ragship/engine/), and waits until dockerd, its containerd and their shims are gone.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
state_dir=${RAGSHIP_ENGINE_DIR:-$repo_root/.ragship/engine}
pidfile=$state_dir/dockerd.pid
containerd_pidfile=$state_dir/containerd.pid
log=$state_dir/dockerd.log
start_timeout_s=30
stop_timeout_s=30

say() { echo "container-engine: $*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# Waits up to $2 seconds for process $1 to exit; answers whether it did.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while alive "$pid"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

install_missing_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  # The rehearsal's compose check (compose-check.sh) runs Debian's docker-compose, which brings the
  # python3-yaml that host-compose.sh renders the compose files with.
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing ${missing[*]} and not root: install them, or run this as root"
    exit 1
  fi
  say "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

start() {
  if engine_answers; then
    echo already-running
    return 0
  fi
  install_missing_packages
  mkdir -p "$state_dir"
  if alive "$(cat "$pidfile" 2>/dev/null)"; then
    say "dockerd $(cat "$pidfile") from an earlier start is still running but does not answer; see $log"
    exit 1
  fi
  say "starting dockerd (log: $log)"
  # setsid: the daemon outlives this shell and is not hit by its terminal's signals.
  setsid dockerd --bridge=none --iptables=false --ip6tables=false >"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pidfile"
  local deadline=$((SECONDS + start_timeout_s))
  until engine_answers; do
    if ! alive "$pid" || [ "$SECONDS" -ge "$deadline" ]; then
      say "dockerd did not answer within ${start_timeout_s}s; last lines of $log:"
      tail -n 20 "$log" >&2 || true
      stop_daemon "$pid"
      rm -f "$pidfile" "$containerd_pidfile"
      exit 1
    fi
    sleep 0.3
  done
  # dockerd runs its own containerd; remember it so `stop` can make sure it is gone too.
  cp /var/run/docker/containerd/containerd.pid "$containerd_pidfile" 2>/dev/null || true
  echo started
}

# The runc shims of the engine's containerd (namespace moby), found by that containerd's socket.
engine_shims() {
  pgrep -f 'containerd-shim.* -address /var/run/docker/containerd/containerd.sock' || true
}

stop_daemon() {
  local pid=$1 containerd_pid
  containerd_pid=$(cat "$containerd_pidfile" 2>/dev/null || cat /var/run/docker/containerd/containerd.pid 2>/dev/null || true)
  if alive "$pid"; then
    kill -TERM "$pid"
    if ! wait_gone "$pid" "$stop_timeout_s"; then
      say "dockerd $pid still running after ${stop_timeout_s}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 5 || true
    fi
  fi
  # dockerd stops its containerd on a clean exit; after a SIGKILL it may not have.
  if alive "$containerd_pid" && ! wait_gone "$containerd_pid" 10; then
    kill -TERM "$containerd_pid" 2>/dev/null || true
    wait_gone "$containerd_pid" 10 || kill -KILL "$containerd_pid" 2>/dev/null || true
  fi
  local shim
  for shim in $(engine_shims); do
    kill -TERM "$shim" 2>/dev/null || true
    wait_gone "$shim" 5 || kill -KILL "$shim" 2>/dev/null || true
  done
}

stop() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -z "$pid" ]; then
    echo not-started-here
    return 0
  fi
  say "stopping dockerd $pid"
  stop_daemon "$pid"
  rm -f "$pidfile" "$containerd_pidfile"
  echo stopped
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
