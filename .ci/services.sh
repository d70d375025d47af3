#!/usr/bin/env bash
# Starts what the service tests need, if not answering: Redis on 127.0.0.1:6379 and
# PostgreSQL on 127.0.0.1:5432 (database `test`, trust auth for local users).
set -euo pipefail

if ! redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/docgen-ci-redis.log
  for _ in $(seq 1 50); do
    redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG && break
    sleep 0.2
  done
  redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG || { echo "Redis did not start" >&2; exit 1; }
fi

pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }

# A fresh Debian cluster asks for passwords on TCP (scram-sha-256): the tests connect as
# `postgres` to 127.0.0.1 without one. Trust local TCP connections (this is a CI/dev machine),
# ahead of every other rule, and listen on 127.0.0.1; reload if the cluster runs.
if [ -d /etc/postgresql ]; then
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [ -f "$hba" ] || continue
    if ! grep -q "^host all all 127.0.0.1/32 trust" "$hba"; then
      { echo "# docgen CI: trust on 127.0.0.1 (added by .ci/services.sh)"
        echo "host all all 127.0.0.1/32 trust"
        echo "host all all ::1/128 trust"
        cat "$hba"; } > "$hba.docgen" && cat "$hba.docgen" > "$hba" && rm -f "$hba.docgen"
      version=$(basename "$(dirname "$(dirname "$hba")")")
      if command -v pg_ctlcluster >/dev/null && pg_ready; then
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
      fi
    fi
  done
fi
if command -v pg_isready >/dev/null && ! pg_ready; then
  if [ -d /etc/postgresql ] && command -v pg_ctlcluster >/dev/null; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  fi
  for _ in $(seq 1 50); do pg_ready && break; sleep 0.2; done
  pg_ready || { echo "PostgreSQL did not start" >&2; exit 1; }
fi
if command -v psql >/dev/null && pg_ready; then
  # The tests use database `test`; create it when a fresh cluster lacks it.
  for user in postgres root; do
    if psql -h 127.0.0.1 -U "$user" -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
      psql -h 127.0.0.1 -U "$user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" \
        | grep -q 1 || psql -h 127.0.0.1 -U "$user" -d postgres -c "CREATE DATABASE test" >/dev/null
      break
    fi
  done
fi
exit 0
