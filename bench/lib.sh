# Shared helpers of the benchmark scripts (sourced, not run).
# Starts Pinwheel from the packaged jar on a fresh PostgreSQL database and seeds it through the
# admin API, exactly as an operator would.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_WORK:-$(mktemp -d /tmp/pinwheel-bench.XXXXXX)}"
PG_URL_BASE="${BENCH_PG:-jdbc:postgresql://127.0.0.1:5432}"
PG_USER="${BENCH_PG_USER:-postgres}"
PORT="${BENCH_PORT:-18080}"
BASE="http://127.0.0.1:${PORT}"
TOKEN="bench_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
DB="pinwheel_bench_$$_$(date +%s)"
PID=""
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

log() { printf '[bench] %s\n' "$*" >&2; }

need() {
  local missing=()
  for cmd in "$@"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  if ((${#missing[@]})); then
    log "installing ${missing[*]} from Debian"
    apt-get update -qq >/dev/null
    local pkgs=()
    for m in "${missing[@]}"; do
      case "$m" in
        nginx) pkgs+=(nginx-light) ;;
        psql|pg_isready) pkgs+=(postgresql-client) ;;
        *) pkgs+=("$m") ;;
      esac
    done
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
    # Debian starts nginx on port 80 after install; the benchmark runs its own instance.
    nginx -s stop >/dev/null 2>&1 || true
  fi
}

start_postgres() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qc "create database $DB" >/dev/null
}

build_jar() {
  if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
    log "building the jar (tests skipped)"
    (cd "$ROOT" && ./mvnw -B -ntp -q -DskipTests package)
  fi
  JAR="${BENCH_JAR:-$(ls "$ROOT"/target/pinwheel-*.jar | grep -v plain | head -1)}"
}

start_service() {
  local extra=("$@")
  if curl -s -o /dev/null "$BASE/" 2>/dev/null; then log "port $PORT is in use by another process"; exit 1; fi
  log "starting Pinwheel on port $PORT (database $DB)"
  SPRING_DATASOURCE_URL="$PG_URL_BASE/$DB" SPRING_DATASOURCE_USERNAME="$PG_USER" SPRING_DATASOURCE_PASSWORD="" \
  PINWHEEL_MASTER_KEY="$MASTER_KEY" PINWHEEL_BOOTSTRAP_TOKEN="$TOKEN" \
  PINWHEEL_BUNDLES_ISSUER="http://127.0.0.1:${PORT}" \
    java ${BENCH_JAVA_OPTS:--Xmx512m} -jar "$JAR" --server.port="$PORT" --logging.level.root=WARN \
      --logging.level.dev.pinwheel=INFO "${extra[@]}" >"$WORK/service.log" 2>&1 &
  PID=$!
  # BENCH_START_TIMEOUT seconds (default 180: on a loaded shared machine the start alone can take a minute)
  for _ in $(seq 1 $((${BENCH_START_TIMEOUT:-180} * 2))); do
    if curl -fsS "$BASE/actuator/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$PID" 2>/dev/null; then log "service died:"; tail -30 "$WORK/service.log" >&2; exit 1; fi
    sleep 0.5
  done
  log "service did not become healthy"; tail -30 "$WORK/service.log" >&2; exit 1
}

stop_service() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill "$PID"
    # a JVM still starting may not act on SIGTERM: give it 30 s, then SIGKILL
    for _ in $(seq 1 60); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
}

cleanup() {
  stop_service
  [[ -n "${NGINX_CONF:-}" ]] && nginx -c "$NGINX_CONF" -s stop >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U "$PG_USER" -d postgres -qc "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
}

api() { # method path [json]
  local method="$1" path="$2" body="${3:-}"
  if [[ -n "$body" ]]; then
    curl -sS -X "$method" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      --data "$body" "$BASE$path"
  else
    curl -sS -X "$method" -H "Authorization: Bearer $TOKEN" "$BASE$path"
  fi
}

random_pin() { head -c 32 /dev/urandom | base64; }
