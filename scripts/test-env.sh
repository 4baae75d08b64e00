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

# PgBouncer 1.24 (keeps protocol-level named statements, max_prepared_statements = 200 by default), built
# once from Debian trixie's source package against bookworm's own libraries: only a private source list
# is used, the system's apt sources are never touched (TEST-ENV.md). Reused while its version matches.
PGB_VERSION=1.24.1
PGB_CACHE="${PGBOUNCER_MODERN_CACHE:-/var/cache/pgbouncer-1.24}"
PGB_BIN="$PGB_CACHE/inst/bin/pgbouncer"
if ! "$PGB_BIN" --version 2>/dev/null | grep -q "PgBouncer $PGB_VERSION"; then
  echo "test-env: building PgBouncer $PGB_VERSION into $PGB_CACHE"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO mkdir -p "$PGB_CACHE/lists/partial" "$PGB_CACHE/archives/partial"
  $SUDO chown -R "$(id -u)" "$PGB_CACHE" 2>/dev/null || true
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  [ -n "$mirror" ] || { echo "test-env: no Debian mirror found in the apt configuration" >&2; exit 1; }
  echo "deb-src $mirror trixie main" > "$PGB_CACHE/sources.list"
  O=(-o "Dir::Etc::SourceList=$PGB_CACHE/sources.list" -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$PGB_CACHE/lists" -o "Dir::Cache::Archives=$PGB_CACHE/archives")
  apt-get "${O[@]}" update -qq
  (cd "$PGB_CACHE" && apt-get "${O[@]}" source --download-only pgbouncer >/dev/null 2>&1)
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libevent-dev libc-ares-dev libssl-dev pkg-config make gcc >/dev/null
  rm -rf "$PGB_CACHE/pgbouncer-$PGB_VERSION"
  tar xzf "$PGB_CACHE/pgbouncer_$PGB_VERSION.orig.tar.gz" -C "$PGB_CACHE"
  (cd "$PGB_CACHE/pgbouncer-$PGB_VERSION" && ./configure --prefix="$PGB_CACHE/inst" --with-cares --without-systemd >/dev/null && make -j2 >/dev/null && make install >/dev/null)
  "$PGB_BIN" --version | head -1
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

# A second venv with psycopg 3 only (no asyncpg): migrated raw-asyncpg code runs there, so a leftover
# asyncpg import fails instead of quietly using the old driver. It lives inside $VENV, so a rebuild of
# the main venv drops it too; its own stamp rebuilds it when its pinned requirements change.
ONLY="$VENV/psycopg-only"
ONLY_STAMP="$ONLY/.requirements.sha256"
want_only="$(sha256sum test/python/requirements-psycopg-only.txt | cut -d' ' -f1)"
if [ ! -x "$ONLY/bin/python" ] || [ "$(cat "$ONLY_STAMP" 2>/dev/null)" != "$want_only" ]; then
  echo "test-env: creating $ONLY (psycopg without asyncpg)"
  rm -rf "$ONLY"
  "$PY" -m venv "$ONLY"
  "$ONLY/bin/pip" install -q --disable-pip-version-check -r test/python/requirements-psycopg-only.txt
  echo "$want_only" > "$ONLY_STAMP"
fi
if "$ONLY/bin/python" -c "import asyncpg" 2>/dev/null; then
  echo "test-env: $ONLY must not have asyncpg" >&2
  exit 1
fi
"$ONLY/bin/python" -c "import psycopg, psycopg_pool; print('test-env: psycopg-only venv: psycopg', psycopg.__version__, '| psycopg_pool', psycopg_pool.__version__, '| no asyncpg')"
echo "test-env: $(/usr/sbin/pgbouncer --version | head -1) and $("$PGB_BIN" --version | head -1), PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1)"
