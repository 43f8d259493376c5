# Shared settings and helpers of deploy/local/* (sourced, not run).
# Every port and path can be overridden by environment variables; defaults follow the contract.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SATCHEL_HOME=${SATCHEL_HOME:-$REPO/deploy/local/.run}
case "$SATCHEL_HOME" in /*) ;; *) SATCHEL_HOME="$REPO/$SATCHEL_HOME" ;; esac
SATCHEL_SYNC_API_PORT=${SATCHEL_SYNC_API_PORT:-8080}
SATCHEL_PUBLISH_LISTENER_PORT=${SATCHEL_PUBLISH_LISTENER_PORT:-8081}
SATCHEL_RENDERER_PORT=${SATCHEL_RENDERER_PORT:-8082}
SATCHEL_ARCHIVER_PORT=${SATCHEL_ARCHIVER_PORT:-8083}
SATCHEL_KAFKA_PORT=${SATCHEL_KAFKA_PORT:-9092}
SATCHEL_KAFKA_CONTROLLER_PORT=${SATCHEL_KAFKA_CONTROLLER_PORT:-$((SATCHEL_KAFKA_PORT + 1))}
SATCHEL_KAFKA_PARTITIONS=${SATCHEL_KAFKA_PARTITIONS:-6}
SATCHEL_S3_PORT=${SATCHEL_S3_PORT:-9000}
SATCHEL_PG_PORT=${SATCHEL_PG_PORT:-55432}
SATCHEL_S3_ACCESS_KEY=${SATCHEL_S3_ACCESS_KEY:-satchel}
SATCHEL_S3_SECRET_KEY=${SATCHEL_S3_SECRET_KEY:-satchel-secret}
SATCHEL_S3_BUCKET=${SATCHEL_S3_BUCKET:-satchel}
SATCHEL_SAMPLE_COURSE_ID=${SATCHEL_SAMPLE_COURSE_ID:-course-v1:Satchel+SAMPLE+2026}

SERVICES=(publish-listener renderer archiver sync-api)
PIDS="$SATCHEL_HOME/pids"
LOGS="$SATCHEL_HOME/logs"

log() { printf '[satchel] %s\n' "$*" >&2; }
die() { printf '[satchel] error: %s\n' "$*" >&2; exit 1; }

service_port() {
  case "$1" in
    sync-api) echo "$SATCHEL_SYNC_API_PORT" ;;
    publish-listener) echo "$SATCHEL_PUBLISH_LISTENER_PORT" ;;
    renderer) echo "$SATCHEL_RENDERER_PORT" ;;
    archiver) echo "$SATCHEL_ARCHIVER_PORT" ;;
  esac
}

service_db() {
  case "$1" in
    sync-api) echo satchel_sync ;;
    publish-listener) echo satchel_publish ;;
    renderer) echo satchel_renderer ;;
    archiver) echo satchel_archiver ;;
  esac
}

# What names a component's own process in its command line (so a recycled pid is never taken for it).
component_marker() {
  case "$1" in
    postgres) echo "$(pg_root)/data" ;;
    kafka) echo "$SATCHEL_HOME/kafka/server.properties" ;;
    s3) echo "$SATCHEL_HOME/s3/s3proxy.properties" ;;
    *) echo "$REPO/$1/target/quarkus-app/quarkus-run.jar" ;;
  esac
}

component_port() {
  case "$1" in
    postgres) echo "$SATCHEL_PG_PORT" ;;
    kafka) echo "$SATCHEL_KAFKA_PORT" ;;
    s3) echo "$SATCHEL_S3_PORT" ;;
    *) service_port "$1" ;;
  esac
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pid of a component we started, if that process still runs and is ours: alive, not a zombie (a process killed a
# moment ago may linger as one), and its command line names the component (the pid was not recycled)
alive_pid() {
  local f="$PIDS/$1.pid"
  [ -f "$f" ] || return 1
  local pid; pid=$(cat "$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/stat" ] || return 1
  local state; state=$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
  case "$state" in Z|X|x) return 1 ;; esac
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(component_marker "$1")" || return 1
  echo "$pid"
}

# Whether a component is up: its own process alive AND answering on its port. One still starting gets $2 seconds
# to open it; an own process that stays silent (hung) is stopped, so the caller starts it again.
running() { # name seconds
  local pid i port
  pid=$(alive_pid "$1") || return 1
  port=$(component_port "$1")
  for ((i = 0; i < $2 * 5; i++)); do
    port_open "$port" && return 0
    alive_pid "$1" >/dev/null || return 1
    sleep 0.2
  done
  log "$1 (pid $pid) runs but does not answer on port $port: stopping it to start it again"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$PIDS/$1.pid"
  return 1
}

wait_port() { # name port seconds
  local i
  for ((i = 0; i < $3 * 5; i++)); do
    port_open "$2" && return 0
    sleep 0.2
  done
  die "$1 did not open port $2 within $3 s (log: $LOGS/$1.log)"
}

is_root() { [ "$(id -u)" = 0 ]; }

pg_bin() {
  local b
  for b in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$b/initdb" ] && { echo "$b"; return 0; }
  done
  return 1
}

# PostgreSQL runs as the postgres user when we are root; its data dir must be reachable by that user.
pg_root() {
  if is_root && ! runuser -u postgres -- test -x "$SATCHEL_HOME" 2>/dev/null; then
    echo "/var/tmp/satchel-pg-$(printf '%s' "$SATCHEL_HOME" | md5sum | cut -c1-12)"
  else
    echo "$SATCHEL_HOME/postgres"
  fi
}

as_pg() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

common_jar() { ls "$REPO"/common/target/satchel-common-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1; }

ensure_keys() {
  local jar; jar=$(common_jar)
  if [ -z "$jar" ]; then
    log "building the common module (for the dev JWT key tool)"
    (cd "$REPO" && ./mvnw -B -q -pl common -am install -DskipTests) >&2 || die "build of common failed"
    jar=$(common_jar)
  fi
  java -cp "$jar" io.satchel.common.security.DevTokens keygen "$SATCHEL_HOME/keys"
}

dev_token() { # user roles
  ensure_keys
  java -cp "$(common_jar)" io.satchel.common.security.DevTokens sign "$SATCHEL_HOME/keys" "$1" "$2"
}

url_encode_path() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$1" 2>/dev/null || printf '%s' "$1"; }
