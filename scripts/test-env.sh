#!/usr/bin/env bash
# Installs what the real-server tests need, once: PostgreSQL + PgBouncer (Debian packages) and a
# Python venv with the pinned drivers. Safe to run again; it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/sbin/pgbouncer ] || need_apt+=(pgbouncer)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v psql >/dev/null 2>&1 || need_apt+=(postgresql-client)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "test-env: need root or sudo to install: ${need_apt[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "test-env: installing ${need_apt[*]} (apt)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# Python: the venv is rebuilt when the pinned requirements change.
PY="${PYTHON:-python3}"
VENV=.venv-test
STAMP="$VENV/.requirements.sha256"
want="$(sha256sum test/python/requirements.txt | cut -d' ' -f1)-asyncpg0.29.0"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  echo "test-env: creating $VENV with the pinned drivers"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r test/python/requirements.txt
  # The seed app pinned asyncpg==0.29.0: its "before" run uses exactly that version, side by side.
  "$VENV/bin/pip" install -q --disable-pip-version-check --target "$VENV/seed-asyncpg" asyncpg==0.29.0
  echo "$want" > "$STAMP"
fi
"$VENV/bin/python" -c "import sqlalchemy, psycopg, psycopg_pool, asyncpg, fastapi; print('test-env: sqlalchemy', sqlalchemy.__version__, '| psycopg', psycopg.__version__, '| asyncpg', asyncpg.__version__)"
echo "test-env: $(/usr/sbin/pgbouncer --version | head -1), PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1)"
