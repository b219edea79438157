#!/bin/bash
# Entry point of the PostgreSQL stand-in image: the subset of the official postgres image's
# behaviour that docker-compose.yml relies on. On first start (empty $PGDATA) it creates the cluster
# with POSTGRES_USER as superuser (password POSTGRES_PASSWORD, scram-sha-256 over TCP) and the
# database POSTGRES_DB; later starts reuse the data in the volume. Runs the server as user postgres.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"

if [[ "${1:-}" == postgres && "$(id -u)" == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [[ "${1:-}" == postgres && ! -s "$PGDATA/PG_VERSION" ]]; then
  if [[ -z "${POSTGRES_PASSWORD:-}" ]]; then
    echo "error: POSTGRES_PASSWORD is not set; the database would be reachable without a password" >&2
    exit 1
  fi
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.auto.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  if [[ "$POSTGRES_DB" != postgres ]]; then
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -qc "create database \"$POSTGRES_DB\""
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi

if [[ "${1:-}" == postgres ]]; then
  # docker stop sends SIGTERM, which PostgreSQL takes as "smart" shutdown (wait for every client to
  # leave); the official image sets STOPSIGNAL SIGINT for a fast shutdown, which `docker import` cannot.
  "$@" &
  pid=$!
  trap 'kill -INT "$pid" 2>/dev/null' TERM INT
  status=0
  while :; do
    wait "$pid" && status=0 || status=$?
    kill -0 "$pid" 2>/dev/null || break
  done
  exit "$status"
fi
exec "$@"
