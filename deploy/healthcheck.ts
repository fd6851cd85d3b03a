// Container health probe (Dockerfile HEALTHCHECK and docker-compose.yml).
// Role-aware, because one image runs every role:
//   api   -> GET http://127.0.0.1:$PORT/health must answer 2xx
//   admin -> GET http://127.0.0.1:$ADMIN_PORT/admin must answer (any status < 500;
//            AdminJS redirects to its login page)
// A container running neither (worker, telegram, discord) passes: those roles
// have no HTTP port, their liveness is the process itself (restart policy).
// ROLES unset means "every configured role", so both ports are probed.
// Exit 0 = healthy, 1 = unhealthy (Docker's contract).
export {};

const env = process.env;
const roles = (env.ROLES ?? "")
  .split(",")
  .map((r) => r.trim())
  .filter(Boolean);
const all = roles.length === 0;
const port = env.PORT || "3000";
const adminPort = env.ADMIN_PORT || "3001";

type Probe = { name: string; url: string; ok: (status: number) => boolean };
const probes: Probe[] = [];
if (all || roles.includes("api")) {
  probes.push({ name: "api", url: `http://127.0.0.1:${port}/health`, ok: (s) => s >= 200 && s < 300 });
}
if (all || roles.includes("admin")) {
  probes.push({ name: "admin", url: `http://127.0.0.1:${adminPort}/admin`, ok: (s) => s < 500 });
}

let failed = false;
for (const probe of probes) {
  try {
    const res = await fetch(probe.url, { redirect: "manual", signal: AbortSignal.timeout(4000) });
    if (!probe.ok(res.status)) {
      console.error(`${probe.name}: ${probe.url} answered ${res.status}`);
      failed = true;
    }
  } catch (err) {
    console.error(`${probe.name}: ${probe.url} unreachable: ${(err as Error).message}`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
