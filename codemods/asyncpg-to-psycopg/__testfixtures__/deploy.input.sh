#!/usr/bin/env bash
set -euo pipefail
export DATABASE_URL="postgresql+asyncpg://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:6543/${DB_NAME}?ssl=${SSL_MODE}"
sed -i 's/postgresql:/postgresql+asyncpg:/' .env
