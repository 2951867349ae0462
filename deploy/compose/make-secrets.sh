#!/usr/bin/env bash
# Generates every secret the compose suite needs, once: ./make-secrets.sh writes .env and secrets/ next to it
# (both ignored by git). Needs openssl. Run it again with --force to replace them (chats written before become
# unreadable: the key-encryption key changes).
set -euo pipefail
cd "$(dirname "$0")"
if [ -f .env ] && [ "${1:-}" != "--force" ]; then
  echo ".env exists; keeping it (--force replaces it)"; exit 0
fi
umask 077
mkdir -p secrets
rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
random() { openssl rand -base64 32 | tr -d '\n'; }
for key in jwt-signing-key consent-receipt-key erasure-certificate-key; do rsa "secrets/$key.pem"; done
trusted=""
{
  for service in account consent chat retention; do
    rsa "secrets/$service-events.pem"
    private=$(openssl pkey -in "secrets/$service-events.pem" -outform DER | base64 -w0)
    public=$(openssl pkey -in "secrets/$service-events.pem" -pubout -outform DER | base64 -w0)
    trusted="${trusted:+$trusted,}$service-service:$public"
    echo "${service^^}_EVENTS_SIGNING_KEY=$private"
    echo "${service^^}_DB_PASSWORD=$(openssl rand -hex 16)"
  done
  client_secret=$(random)
  echo "EVENTS_TRUSTED_KEYS=$trusted"
  echo "CHAT_KEY_ENCRYPTION_KEY=$(random)"
  echo "RETENTION_CLIENT_SECRET=$client_secret"
  echo "RETENTION_CLIENT_SECRET_SHA256=$(printf '%s' "$client_secret" | openssl dgst -sha256 -r | cut -d' ' -f1)"
} > .env
chmod 644 secrets/*.pem # read by the services' user (185) inside the containers
echo "Wrote .env and secrets/; now: docker compose up --build"
