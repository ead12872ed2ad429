#!/usr/bin/env bash
# Makes sure a PostgreSQL server runs on 127.0.0.1:5432 with a `crm` role and a `crm_test` database,
# installing it from Debian's packages when it is missing. Used by `make test` (the suite runs on SQLite
# and on PostgreSQL). Needs root (CI and the dev machines run as root); otherwise run it with sudo.
set -euo pipefail

PGHOST=127.0.0.1
PGPORT=${CRM_TEST_POSTGRES_PORT:-5432}

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres-for-tests: installing PostgreSQL from Debian packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main --port "$PGPORT" >/dev/null
  fi
  pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h "$PGHOST" -p "$PGPORT" && break
    sleep 1
  done
fi
pg_isready -h "$PGHOST" -p "$PGPORT" >/dev/null

as_postgres() { runuser -u postgres -- "$@"; }
if [ "$(as_postgres psql -p "$PGPORT" -tAc "SELECT 1 FROM pg_roles WHERE rolname='crm'")" != "1" ]; then
  as_postgres psql -q -p "$PGPORT" -c "CREATE ROLE crm LOGIN SUPERUSER PASSWORD 'crm'"
fi
if [ "$(as_postgres psql -p "$PGPORT" -tAc "SELECT 1 FROM pg_database WHERE datname='crm_test'")" != "1" ]; then
  as_postgres createdb -p "$PGPORT" -O crm crm_test
fi
echo "postgres-for-tests: postgresql+psycopg://crm:crm@$PGHOST:$PGPORT/crm_test ready" >&2
