#!/usr/bin/env bash
# Validate the production Docker shape without a Docker engine.
#
#   bash scripts/check-deploy.sh        (from any folder; safe to run repeatedly)
#
# 1. tools: docker-compose (Debian 1.29, only for `config`), nginx, openssl;
#    installed with apt-get when missing
# 2. Dockerfile: lint (dockerfile-utils, fetched once by `npm exec`) + the
#    production rules (oven/bun base, non-root, NODE_ENV, EXPOSE, HEALTHCHECK,
#    CMD); .dockerignore keeps secrets out; package-lock.json is in sync for the
#    image's `npm ci`; the files the build runs exist
# 3. docker-compose.yml: `docker-compose config -q` with dummy secrets, the
#    required secrets really are required, profiles and WORKER_REPLICAS resolve,
#    and a structural check of the resolved file (ROLES of every app service are
#    real roles, scripts in commands exist, migrate gating, volumes, nginx mounts)
# 4. nginx: `nginx -t` on a copy of deploy/nginx/nginx.conf whose upstream hosts
#    point at 127.0.0.1 and whose certs are a throw-away self-signed pair, then a
#    real nginx from that copy is smoke-tested (redirect, TLS, headers, /admin
#    prefix, WebSocket upgrade, upload limit, gzip) against local stub upstreams;
#    deploy/healthcheck.ts is exercised against the same stubs (when bun exists)
#
# Needs root only to apt-get install missing tools; touches nothing outside a
# temp dir otherwise (the nginx it starts listens on free 127.0.0.1 ports and is
# stopped on exit).
#
# Exits non-zero with a clear message on the first failing step.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
START=$SECONDS

step() { printf '\n== %s\n' "$*"; }
ok() { printf '  ok   %s\n' "$*"; }
warn() { printf '  WARN %s\n' "$*"; }
die() {
  printf '\ncheck-deploy: FAILED: %s\n' "$*" >&2
  exit 1
}

TMP="$(mktemp -d "${TMPDIR:-/tmp}/check-deploy.XXXXXX")"
NGINX_PID=""
cleanup() {
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# ------------------------------------------------------------------ 1. tools
step "tools"
need=()
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v nginx >/dev/null || need+=(nginx)
command -v openssl >/dev/null || need+=(openssl)
[[ -x /usr/bin/python3 ]] && /usr/bin/python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
command -v node >/dev/null || die "node is required (it runs the nginx smoke test)"

if ((${#need[@]})); then
  [[ $(id -u) -eq 0 ]] || die "missing ${need[*]} and not root: apt-get install ${need[*]}"
  echo "  installing ${need[*]} with apt-get"
  # Never let the nginx package start a system nginx on :80 as a side effect.
  policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >"$TMP/apt.log" 2>&1
  }
  if ! apt_install; then
    echo "  apt-get install failed; running apt-get update and retrying"
    apt-get update -q >"$TMP/apt-update.log" 2>&1 || { tail -5 "$TMP/apt-update.log" >&2; }
    apt_install || { tail -20 "$TMP/apt.log" >&2; ((policy_added)) && rm -f /usr/sbin/policy-rc.d; die "apt-get install ${need[*]} failed"; }
  fi
  ((policy_added)) && rm -f /usr/sbin/policy-rc.d
fi
for t in docker-compose nginx openssl node; do command -v "$t" >/dev/null || die "$t still missing"; done
ok "$(docker-compose version --short 2>/dev/null | head -1 | sed 's/^/docker-compose /'), $(nginx -v 2>&1 | sed 's/.*: //'), $(openssl version | cut -d' ' -f1-2), node $(node --version)"

# ------------------------------------------------------------- 2. Dockerfile
step "Dockerfile"
for f in Dockerfile .dockerignore docker-compose.yml deploy/nginx/nginx.conf deploy/healthcheck.ts \
  deploy/check/nginx-smoke.mjs scripts/make-dev-certs.sh package.json package-lock.json; do
  [[ -f "$f" ]] || die "$f is missing"
done

# Syntax/semantics lint (unknown instructions, bad ports, malformed JSON forms).
LINTER=(npm exec --yes --package=dockerfile-utils@0.16.3 -- dockerfile-utils)
if ! "${LINTER[@]}" --version >"$TMP/lint.log" 2>&1; then
  tail -5 "$TMP/lint.log" >&2
  die "could not run dockerfile-utils@0.16.3 via npm exec (is the npm registry reachable?)"
fi
if ! "${LINTER[@]}" lint Dockerfile >"$TMP/lint.log" 2>&1; then
  cat "$TMP/lint.log" >&2
  die "Dockerfile lint failed (dockerfile-utils)"
fi
ok "dockerfile-utils lint"

/usr/bin/python3 - <<'PY' || die "Dockerfile does not follow the production rules above"
import json, re, sys
text = open("Dockerfile").read()
# join continuation lines, drop comments
lines, buf = [], ""
for raw in text.splitlines():
    s = raw.strip()
    if s.startswith("#") or not s:
        continue
    if s.endswith("\\"):
        buf += s[:-1] + " "
        continue
    lines.append(buf + s)
    buf = ""
stages, cur = [], None
for l in lines:
    m = re.match(r"(?i)^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", l)
    if m:
        cur = {"image": m.group(1), "name": m.group(2), "ins": []}
        stages.append(cur)
    elif cur is not None:
        cur["ins"].append(l)
errors = []
if len(stages) < 2:
    errors.append("not a multi-stage build")
final = stages[-1] if stages else {"image": "", "ins": []}
if not re.match(r"oven/bun:\$\{BUN_VERSION\}|oven/bun:1\.4", final["image"]):
    errors.append(f"final stage must be based on oven/bun:1.4 (is {final['image']})")
if "ARG BUN_VERSION=1.4" not in text:
    errors.append("ARG BUN_VERSION=1.4 missing")
ins = final["ins"]
def has(prefix, pattern=""):
    return any(i.upper().startswith(prefix) and re.search(pattern, i) for i in ins)
users = [i.split(None, 1)[1] for i in ins if i.upper().startswith("USER ")]
if not users or users[-1].split(":")[0] in ("root", "0"):
    errors.append("final stage must switch to a non-root USER")
if not has("ENV", r"NODE_ENV=production"):
    errors.append("final stage must set ENV NODE_ENV=production")
if not has("EXPOSE", r"\b3000\b") or not has("EXPOSE", r"\b3001\b"):
    errors.append("final stage must EXPOSE 3000 3001")
if not has("HEALTHCHECK"):
    errors.append("final stage has no HEALTHCHECK")
cmds = [i for i in ins if i.upper().startswith("CMD ")]
try:
    cmd = json.loads(cmds[-1][4:]) if cmds else None
except ValueError:
    cmd = None
if cmd != ["bun", "src/main.ts"]:
    errors.append(f'CMD must be ["bun", "src/main.ts"] (is {cmds[-1][4:] if cmds else "missing"})')
if not re.search(r"prisma generate", text):
    errors.append("no `prisma generate` step")
ignore = [l.strip() for l in open(".dockerignore") if l.strip() and not l.startswith("#")]
for must in ("node_modules", ".env", ".git", "src/generated"):
    if must not in ignore:
        errors.append(f".dockerignore must list {must}")
if not {"deploy/certs", "deploy/*", "deploy"} & set(ignore):
    errors.append(".dockerignore must keep deploy/certs (TLS keys) out of the build context")
if "HEALTHCHECK" in text and "deploy/healthcheck.ts" in text and "deploy/*" in ignore \
        and "!deploy/healthcheck.ts" not in ignore:
    errors.append(".dockerignore excludes deploy/healthcheck.ts, which the HEALTHCHECK runs")
for e in errors:
    print("  FAIL " + e)
sys.exit(1 if errors else 0)
PY
ok "multi-stage, oven/bun:1.4, non-root, NODE_ENV, EXPOSE, HEALTHCHECK, CMD, .dockerignore"

# The deps stage runs `npm ci`: it refuses a lock out of sync with package.json.
mkdir -p "$TMP/npm"
cp package.json package-lock.json "$TMP/npm/"
if ! (cd "$TMP/npm" && npm ci --dry-run --omit=dev --ignore-scripts --offline --no-audit --no-fund >"$TMP/npm.log" 2>&1); then
  tail -15 "$TMP/npm.log" >&2
  die "package-lock.json is not in sync with package.json: the image's \`npm ci\` would fail (run npm install)"
fi
ok "package-lock.json in sync (npm ci --dry-run)"

# Files the image build and its commands need (the migrate service's scripts
# are checked against its command in step 3).
for f in src/main.ts prisma/schema.prisma; do
  [[ -f "$f" ]] || die "$f is missing: the image runs/generates it"
done
compgen -G "prisma*.config.ts" >/dev/null || die "prisma.config.ts is missing: the build runs prisma generate"
ok "src/main.ts, prisma/schema.prisma, prisma.config.ts present"

# ----------------------------------------------------------- 3. compose file
step "docker-compose.yml"
# Run compose in a clean environment: no operator .env, no inherited profiles.
: >"$TMP/empty.env"
compose() {
  env -u COMPOSE_PROFILES -u COMPOSE_FILE -u COMPOSE_PROJECT_NAME -u WORKER_REPLICAS \
    -u POSTGRES_PASSWORD -u SESSION_SECRET -u ADMIN_EMAIL -u ADMIN_PASSWORD \
    "$@"
}
dummy=(POSTGRES_PASSWORD=check-deploy-pg SESSION_SECRET=check-deploy-session
  ADMIN_EMAIL=admin@example.test ADMIN_PASSWORD=check-deploy-admin)
dc=(docker-compose --env-file "$TMP/empty.env" --project-directory "$ROOT" -f "$ROOT/docker-compose.yml")

if ! compose env "${dummy[@]}" "${dc[@]}" config -q 2>"$TMP/compose.err"; then
  cat "$TMP/compose.err" >&2
  die "docker-compose config rejected docker-compose.yml"
fi
ok "docker-compose config -q"

# Required secrets must stop `up` with a message naming them.
for var in POSTGRES_PASSWORD SESSION_SECRET ADMIN_EMAIL ADMIN_PASSWORD; do
  args=()
  for kv in "${dummy[@]}"; do [[ "$kv" == "$var="* ]] || args+=("$kv"); done
  if compose env "${args[@]}" "${dc[@]}" config -q >/dev/null 2>"$TMP/req.err"; then
    die "docker-compose.yml accepts a missing $var (use \${$var:?message})"
  fi
  grep -q "$var" "$TMP/req.err" || { cat "$TMP/req.err" >&2; die "missing $var fails without naming it"; }
done
ok "POSTGRES_PASSWORD, SESSION_SECRET, ADMIN_EMAIL, ADMIN_PASSWORD are required"

compose env "${dummy[@]}" COMPOSE_PROFILES=telegram,discord WORKER_REPLICAS=3 "${dc[@]}" config >"$TMP/resolved.yml" 2>"$TMP/compose.err" \
  || { cat "$TMP/compose.err" >&2; die "docker-compose config failed with COMPOSE_PROFILES=telegram,discord WORKER_REPLICAS=3"; }
compose env "${dummy[@]}" "${dc[@]}" config >"$TMP/resolved-default.yml" 2>/dev/null

/usr/bin/python3 - "$TMP/resolved.yml" "$TMP/resolved-default.yml" <<'PY' || die "docker-compose.yml structure check failed (see FAIL lines)"
import os, sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
default = yaml.safe_load(open(sys.argv[2]))
services = cfg.get("services", {})
ROLES = {"api", "admin", "telegram", "discord", "worker"}
CONTRACT = ["DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "SESSION_SECRET", "ADMIN_EMAIL",
            "ADMIN_PASSWORD", "TELEGRAM_BOT_TOKEN", "TELEGRAM_MODE", "TELEGRAM_WEBHOOK_SECRET",
            "DISCORD_TOKEN", "DISCORD_APPLICATION_ID", "LOG_LEVEL", "DATA_DIR"]
errors = []
def err(msg): errors.append(msg)

def cmd_of(svc):
    c = svc.get("command")
    if c is None:
        return None
    return c if isinstance(c, str) else " ".join(map(str, c))

covered = set()
app = {n: s for n, s in services.items() if "build" in s}
if not app:
    err("no service builds the app image")
for name, svc in app.items():
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, None) for e in env)
    roles_raw = env.get("ROLES")
    cmd = cmd_of(svc)
    runs_main = cmd is None or "src/main.ts" in cmd
    if runs_main:
        if not roles_raw:
            err(f"{name}: runs src/main.ts without ROLES (would start every configured role)")
            continue
    roles = [r.strip() for r in str(roles_raw or "").split(",") if r.strip()]
    bad = [r for r in roles if r not in ROLES]
    if bad:
        err(f"{name}: ROLES={roles_raw} has unknown role(s) {bad}; known: {sorted(ROLES)}")
    covered.update(r for r in roles if r in ROLES)
    for key in CONTRACT:
        if key not in env:
            err(f"{name}: environment lacks {key} (x-app-env)")
    for token in (cmd or "").replace("&&", " ").replace(";", " ").split():
        if token.endswith((".ts", ".mjs", ".js")) and not token.startswith("/") and not os.path.isfile(token):
            err(f"{name}: command runs {token}, which is not in the repo")
    if name == "migrate":
        if svc.get("restart") not in (None, "no"):
            err("migrate: must not restart (one-shot)")
        if not cmd or "migrate" not in cmd:
            err("migrate: command does not run migrations")
        continue
    if svc.get("restart") != "unless-stopped":
        err(f"{name}: restart should be unless-stopped (is {svc.get('restart')})")
    dep = (svc.get("depends_on") or {}).get("migrate")
    if not isinstance(dep, dict) or dep.get("condition") != "service_completed_successfully":
        err(f"{name}: must depend on migrate with condition service_completed_successfully")
    if not any(str(v).split(":")[1:2] == ["/app/data"] for v in svc.get("volumes", [])):
        err(f"{name}: uploads volume is not mounted at DATA_DIR (/app/data)")

missing_roles = ROLES - covered
if missing_roles:
    err(f"no service runs role(s) {sorted(missing_roles)}")
if "migrate" not in app:
    err("no one-shot migrate service")

for bot in ("telegram", "discord"):
    s = services.get(bot)
    if s is not None and bot not in (s.get("profiles") or []):
        err(f"{bot}: should be behind `profiles: [{bot}]` so it only starts when enabled")

w = services.get("worker", {})
if (w.get("deploy") or {}).get("replicas") != 3:
    err(f"worker: WORKER_REPLICAS=3 did not resolve to deploy.replicas 3 (got {(w.get('deploy') or {}).get('replicas')})")
wd = default["services"].get("worker", {})
if (wd.get("deploy") or {}).get("replicas") != 1:
    err("worker: deploy.replicas should default to 1")

for name, image in (("postgres", "postgres:15"), ("redis", "redis:7"), ("nginx", "nginx:1.27")):
    s = services.get(name)
    if not s:
        err(f"no {name} service")
        continue
    if s.get("image") != image:
        err(f"{name}: image should be {image} (is {s.get('image')})")
    if name != "nginx" and not s.get("healthcheck"):
        err(f"{name}: needs a healthcheck")

ng = services.get("nginx", {})
vols = " ".join(map(str, ng.get("volumes", [])))
if "deploy/nginx/nginx.conf:/etc/nginx/nginx.conf" not in vols:
    err("nginx: deploy/nginx/nginx.conf is not mounted as /etc/nginx/nginx.conf")
if "deploy/certs:/etc/nginx/certs" not in vols:
    err("nginx: deploy/certs is not mounted at /etc/nginx/certs")
targets = set()
for p in ng.get("ports", []):
    if isinstance(p, dict):
        targets.add(int(p.get("target")))
    else:
        targets.add(int(str(p).split("/")[0].rsplit(":", 1)[-1]))
if not {80, 443} <= targets:
    err(f"nginx: should publish container ports 80 and 443 (has {sorted(targets)})")

pg = services.get("postgres", {})
if not any("/var/lib/postgresql/data" in str(v) for v in pg.get("volumes", [])):
    err("postgres: data directory is not on a volume")

for e in errors:
    print("  FAIL " + e)
if not errors:
    print(f"  ok   app services {sorted(app)} use roles {sorted(covered)}; migrate gates them; "
          "bots behind profiles; WORKER_REPLICAS resolves")
sys.exit(1 if errors else 0)
PY

# ------------------------------------------------------------------ 4. nginx
step "nginx"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
API_PORT=$(free_port) ADMIN_PORT=$(free_port) HTTP_PORT=$(free_port) HTTPS_PORT=$(free_port)
CERTS_DIR="$TMP/certs" bash scripts/make-dev-certs.sh localhost learn.example.test >/dev/null || die "scripts/make-dev-certs.sh failed"
sum1=$(cat "$TMP/certs/fullchain.pem" "$TMP/certs/privkey.pem" | cksum)
CERTS_DIR="$TMP/certs" bash scripts/make-dev-certs.sh localhost learn.example.test >/dev/null || die "scripts/make-dev-certs.sh failed on a second run"
[[ "$(cat "$TMP/certs/fullchain.pem" "$TMP/certs/privkey.pem" | cksum)" == "$sum1" ]] || die "scripts/make-dev-certs.sh is not idempotent (replaced a valid pair)"

src=deploy/nginx/nginx.conf
conf="$TMP/nginx.conf"
for needle in 'server api:3000;' 'server admin:3001;' 'listen 80 default_server;' 'listen 443 ssl;' \
  '/etc/nginx/certs/fullchain.pem;' '/etc/nginx/certs/privkey.pem;'; do
  grep -qF "$needle" "$src" || die "$src: expected '$needle' (the test harness rewrites it)"
done
# The production file targets nginx 1.27 in Docker. Rewrites for this machine:
# upstream hosts -> local stubs (nginx resolves names at start-up and `api` /
# `admin` only exist on the compose network), ports -> free local ports, certs
# and logs -> the temp dir, `user nginx` -> a user that exists here, and
# `http2 on;` (nginx >= 1.25.1) -> the older `listen ... http2` form if needed.
sed -e "s|server api:3000;|server 127.0.0.1:$API_PORT;|" \
  -e "s|server admin:3001;|server 127.0.0.1:$ADMIN_PORT;|" \
  -e "s|listen 80 default_server;|listen 127.0.0.1:$HTTP_PORT default_server;|" \
  -e "s|listen 443 ssl;|listen 127.0.0.1:$HTTPS_PORT ssl;|" \
  -e "s|/etc/nginx/certs/|$TMP/certs/|g" \
  -e "s|/var/log/nginx/|$TMP/|g" \
  -e "s|/var/www/acme|$TMP/acme|g" \
  "$src" >"$conf"
if ! id nginx >/dev/null 2>&1; then
  run_user=$(id -un www-data 2>/dev/null || echo nobody)
  sed -i "s|^user nginx;|user $run_user;|" "$conf"
fi
nginx_version=$(nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')
if [[ "$(printf '%s\n1.25.1\n' "$nginx_version" | sort -V | head -1)" != "1.25.1" ]]; then
  sed -i -e 's/^\([[:space:]]*\)http2 on;/\1# http2 on; (moved to listen)/' -e "s|listen 127.0.0.1:$HTTPS_PORT ssl;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" "$conf"
  note="(nginx $nginx_version here: \`http2 on;\` checked as \`listen ... http2\`)"
fi
grep -Eq "server (api|admin):" "$conf" && die "harness: upstream rewrite incomplete"

if ! nginx -t -q -c "$conf" -e "$TMP/error.log" -g "pid $TMP/nginx.pid;" >"$TMP/nginx-t.log" 2>&1; then
  cat "$TMP/nginx-t.log" "$TMP/error.log" >&2 2>/dev/null
  die "nginx -t rejected $src"
fi
ok "nginx -t ${note:-}"

nginx -c "$conf" -e "$TMP/error.log" -g "pid $TMP/nginx.pid; daemon off;" >"$TMP/nginx-run.log" 2>&1 &
NGINX_PID=$!
bun_bin=""
if command -v bun >/dev/null; then bun_bin=$(command -v bun)
elif [[ -x node_modules/.bin/bun ]] && node_modules/.bin/bun --version >/dev/null 2>&1; then bun_bin="$ROOT/node_modules/.bin/bun"
fi
[[ -n "$bun_bin" ]] || warn "bun not found: skipping the deploy/healthcheck.ts check"
if ! API_PORT=$API_PORT ADMIN_PORT=$ADMIN_PORT HTTP_PORT=$HTTP_PORT HTTPS_PORT=$HTTPS_PORT \
  CA_FILE="$TMP/certs/fullchain.pem" BUN="$bun_bin" HEALTHCHECK="$ROOT/deploy/healthcheck.ts" \
  node deploy/check/nginx-smoke.mjs; then
  echo "--- nginx error log" >&2
  tail -20 "$TMP/error.log" "$TMP/nginx-run.log" >&2 2>/dev/null || true
  die "nginx smoke test failed"
fi
kill "$NGINX_PID" 2>/dev/null || true
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

printf '\ncheck-deploy: all checks passed in %ss\n' "$((SECONDS - START))"
