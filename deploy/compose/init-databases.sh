#!/usr/bin/env bash
# One database and one role per service, each role owning only its own database (run once by the postgres image).
set -euo pipefail
for service in account consent chat retention; do
  password_var="${service^^}_DB_PASSWORD"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE $service LOGIN PASSWORD '${!password_var}';
CREATE DATABASE $service OWNER $service;
REVOKE ALL ON DATABASE $service FROM PUBLIC;
SQL
done
