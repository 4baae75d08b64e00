#!/usr/bin/env bash
set -euo pipefail
# migrate-driver: TODO URL parameter ssl=${SSL_MODE} has no direct libpq equivalent; use sslmode/sslrootcert/sslcert/sslkey
export DATABASE_URL="postgresql+psycopg://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:6543/${DB_NAME}?ssl=${SSL_MODE}"
sed -i 's/postgresql:/postgresql+psycopg:/' .env
