#!/usr/bin/env bash
# Make a self-signed TLS pair for nginx: deploy/certs/fullchain.pem + privkey.pem.
# For local/staging use only; production uses a real certificate (see
# docs/operations-docker.md). Idempotent: an existing, still-valid pair for the
# same name is kept; pass --force to replace it.
#
#   scripts/make-dev-certs.sh [--force] [CN] [extra SAN names...]
#   scripts/make-dev-certs.sh                      # CN=localhost
#   scripts/make-dev-certs.sh learn.example.test   # CN + SAN learn.example.test
#
# CERTS_DIR overrides the output folder (default: <repo>/deploy/certs).
set -euo pipefail

force=0
if [[ "${1:-}" == "--force" ]]; then force=1; shift; fi
cn="${1:-localhost}"
[[ $# -gt 0 ]] && shift
extra=("$@")

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${CERTS_DIR:-$repo_root/deploy/certs}"
cert="$out/fullchain.pem"
key="$out/privkey.pem"

command -v openssl >/dev/null || { echo "make-dev-certs: openssl not found (apt-get install openssl)" >&2; exit 1; }

# subjectAltName: the CN, any extra names, plus loopback for local testing.
san="DNS:$cn"
for name in "${extra[@]}"; do
  if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then san+=",IP:$name"; else san+=",DNS:$name"; fi
done
[[ "$cn" != "localhost" ]] && san+=",DNS:localhost"
san+=",IP:127.0.0.1,IP:::1"

if [[ $force -eq 0 && -s "$cert" ]]; then
  # Never overwrite a certificate this script did not make (e.g. Let's Encrypt).
  if ! openssl x509 -in "$cert" -noout -subject 2>/dev/null | grep -q "TaskMetrics dev"; then
    echo "make-dev-certs: $cert exists and is not a dev certificate; refusing to replace it (--force to override)" >&2
    exit 1
  fi
fi
if [[ $force -eq 0 && -s "$cert" && -s "$key" ]]; then
  current_cn="$(openssl x509 -in "$cert" -noout -subject -nameopt multiline 2>/dev/null \
    | sed -n 's/^ *commonName *= *//p')"
  if [[ "$current_cn" == "$cn" ]] && openssl x509 -in "$cert" -noout -checkend 2592000 >/dev/null 2>&1; then
    echo "make-dev-certs: $cert already exists for CN=$cn (valid > 30 days); keeping it (--force to replace)"
    exit 0
  fi
fi

mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
  -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" \
  -subj "/CN=$cn/O=TaskMetrics dev" \
  -addext "subjectAltName=$san" \
  -addext "keyUsage=critical,digitalSignature,keyEncipherment" \
  -addext "extendedKeyUsage=serverAuth" \
  -addext "basicConstraints=critical,CA:FALSE" 2>/dev/null
# nginx reads the key as root before dropping privileges: 600 is enough.
chmod 600 "$tmp/privkey.pem"
chmod 644 "$tmp/fullchain.pem"
mv -f "$tmp/privkey.pem" "$key"
mv -f "$tmp/fullchain.pem" "$cert"
echo "make-dev-certs: wrote $cert and $key (CN=$cn, SAN=$san)"
