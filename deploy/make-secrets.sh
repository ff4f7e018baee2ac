#!/usr/bin/env bash
# Makes the secrets compose.yaml reads, once, in deploy/secrets/ (never committed: .gitignore).
# Back up master_key apart from the database backups: without it nothing can be decrypted.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p secrets
chmod 700 secrets
if [ -e secrets/master_key ]; then
    echo "deploy/secrets/ already holds secrets; delete it first to make new ones" >&2
    exit 1
fi
umask 077
password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s' "$password" > secrets/postgres_password
printf 'postgres://custodia:%s@postgres:5432/vault' "$password" > secrets/vault_database_url
printf 'postgres://custodia:%s@postgres:5432/behaviour' "$password" > secrets/behaviour_database_url
printf 'k1:%s\n' "$(head -c 32 /dev/urandom | base64)" > secrets/master_key
head -c 48 /dev/urandom | base64 | tr -d '\n' > secrets/jwt_secret
# The container runs as uid 65532 and must read them.
chmod 644 secrets/*
echo "secrets written to deploy/secrets/"
