# Shared by ops/docker-smoke and ops/replica-test (sourced, not run): the tools, a Docker engine,
# the stand-in base images and the Pinwheel image built from the repository's Dockerfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian's client by its full path: it has BuildKit built in (a newer client earlier on the PATH may
# want a buildx plugin).
DOCKER=/usr/bin/docker
export DOCKER
T0="$(date +%s)"

log() { printf '[%s %4ss] %s\n' "${LOG_NAME:-docker}" "$(($(date +%s) - T0))" "$*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

ensure_tools() {
  local pkgs=()
  [[ -x "$DOCKER" && -x /usr/sbin/dockerd ]] || pkgs+=(docker.io)
  command -v debootstrap >/dev/null || pkgs+=(debootstrap)
  command -v docker-compose >/dev/null || pkgs+=(docker-compose)
  command -v curl >/dev/null || pkgs+=(curl)
  command -v python3 >/dev/null || pkgs+=(python3)
  if ((${#pkgs[@]})); then
    [[ "$(id -u)" == 0 ]] || fail "missing ${pkgs[*]}; install them with: sudo apt-get install ${pkgs[*]}"
    log "installing ${pkgs[*]} (apt)"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
}

# Starts an engine when none answers. vfs needs no kernel overlay support; without iptables and the
# default bridge, user-defined networks (compose creates one) and published ports still work.
ensure_engine() {
  if "$DOCKER" info >/dev/null 2>&1; then return 0; fi
  [[ "$(id -u)" == 0 ]] || fail "no Docker engine answers and only root can start one"
  log "starting dockerd (vfs storage, no iptables, no default bridge); log in /var/log/pinwheel-dockerd.log"
  setsid nohup dockerd --storage-driver=vfs --iptables=false --bridge=none >/var/log/pinwheel-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do "$DOCKER" info >/dev/null 2>&1 && return 0; sleep 1; done
  fail "dockerd did not start; see /var/log/pinwheel-dockerd.log"
}

# Stand-ins for the registry images, only when a name cannot be found locally or is an older stand-in.
ensure_standins() {
  "$ROOT/ops/standins/build" "$@"
}

# The image built from the repository's Dockerfile, tagged as the compose file names it. The only
# change is dropping the `# syntax=` directive (BuildKit would fetch that frontend from a registry;
# the built-in one supports RUN --mount). --network=host: the build stage downloads from Maven Central.
build_image() {
  local tag="$1" df
  df="$(mktemp /tmp/pinwheel-Dockerfile.XXXXXX)"
  sed '/^# syntax=/d' "$ROOT/Dockerfile" >"$df"
  log "building $tag from the Dockerfile (BuildKit, --network=host)"
  if ! DOCKER_BUILDKIT=1 "$DOCKER" build --network=host --progress=plain -f "$df" -t "$tag" "$ROOT" \
      >"$WORK/image-build.log" 2>&1; then
    tail -40 "$WORK/image-build.log" >&2; rm -f "$df"; fail "image build failed (log: $WORK/image-build.log)"
  fi
  rm -f "$df"
}

# Waits until every container of the compose project is healthy (or running, without a health check).
wait_healthy() { # compose-args... ; gives up after $HEALTH_TIMEOUT seconds (default 240)
  local deadline=$(($(date +%s) + ${HEALTH_TIMEOUT:-240})) ids states
  while :; do
    ids="$(docker-compose "$@" ps -q)"
    if [[ -n "$ids" ]]; then
      states="$("$DOCKER" inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' $ids)"
      if ! grep -qv '^healthy$\|^running$' <<<"$states"; then return 0; fi
    fi
    if (($(date +%s) > deadline)); then
      docker-compose "$@" ps >&2 || true
      "$DOCKER" inspect -f '{{.Name}} restarts={{.RestartCount}} exit={{.State.ExitCode}} {{.State.Error}}' $ids >&2 || true
      docker-compose "$@" logs --tail=40 >&2 || true
      fail "services not healthy after ${HEALTH_TIMEOUT:-240} s"
    fi
    sleep 2
  done
}

# A random secret for the .env file (URL- and shell-safe).
secret() { head -c "${1:-24}" /dev/urandom | base64 | tr -d '\n'; }
