// Behavioural smoke test of deploy/nginx/nginx.conf, run by scripts/check-deploy.sh
// against a real nginx started from a rewritten copy of the config (upstreams ->
// these stubs on 127.0.0.1, listen ports -> free local ports, certs -> a
// throw-away self-signed pair). Node only, no dependencies.
//
// env: API_PORT ADMIN_PORT HTTP_PORT HTTPS_PORT CA_FILE [BUN HEALTHCHECK]
// Prints one line per check; exits 1 if any check failed.

import http from "node:http";
import https from "node:https";
import fs from "node:fs";
import { spawn } from "node:child_process";

const env = process.env;
const API_PORT = Number(env.API_PORT);
const ADMIN_PORT = Number(env.ADMIN_PORT);
const HTTP_PORT = Number(env.HTTP_PORT);
const HTTPS_PORT = Number(env.HTTPS_PORT);
const ca = fs.readFileSync(env.CA_FILE);

setTimeout(() => {
  console.error("nginx-smoke: timed out after 30 s");
  process.exit(1);
}, 30_000).unref();

// ---------------------------------------------------------------- stubs
// Each stub answers with JSON describing what it received, so the checks can
// see what nginx forwarded (path, headers, body size).
function stub(name, port) {
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on("data", (c) => (bytes += c.length));
    req.on("end", () => {
      if (name === "admin" && req.url === "/admin") {
        res.writeHead(302, { Location: "/admin/login" });
        return res.end();
      }
      const body = {
        upstream: name,
        method: req.method,
        url: req.url,
        headers: req.headers,
        bytes,
        // something compressible for the gzip check
        padding: req.url.includes("big") ? "x".repeat(8192) : "",
      };
      res.writeHead(200, { "Content-Type": "application/json", "X-Powered-By": "stub" });
      res.end(JSON.stringify(body));
    });
  });
  server.on("upgrade", (req, socket) => {
    socket.write(
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        `X-Seen-Path: ${req.url}\r\nX-Seen-Upgrade: ${req.headers.upgrade}\r\n` +
        `X-Seen-Connection: ${req.headers.connection}\r\n\r\n`,
    );
    socket.on("data", (d) => socket.write(d)); // echo
    socket.on("error", () => {});
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

// ---------------------------------------------------------------- client
function request(scheme, path, { method = "GET", headers = {}, body, port } = {}) {
  const mod = scheme === "https" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(
      {
        host: "127.0.0.1",
        port: port ?? (scheme === "https" ? HTTPS_PORT : HTTP_PORT),
        path,
        method,
        headers,
        ca,
        agent: false,
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          let json;
          try {
            json = JSON.parse(raw.toString());
          } catch {}
          resolve({
            status: res.statusCode,
            headers: res.headers,
            raw,
            json,
            tls: res.socket.getProtocol?.(),
          });
        });
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

function upgrade(path) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: "127.0.0.1",
      port: HTTPS_PORT,
      path,
      ca,
      agent: false,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
      },
    });
    req.on("upgrade", (res, socket) => {
      socket.once("data", (d) => {
        socket.destroy();
        resolve({ status: res.statusCode, headers: res.headers, echo: d.toString() });
      });
      socket.write("ping-through-nginx");
    });
    req.on("response", (res) => resolve({ status: res.statusCode, headers: res.headers }));
    req.on("error", reject);
    req.end();
  });
}

// ---------------------------------------------------------------- checks
let failures = 0;
async function check(name, fn) {
  try {
    const problem = await fn();
    if (problem) {
      failures++;
      console.log(`  FAIL ${name}: ${problem}`);
    } else {
      console.log(`  ok   ${name}`);
    }
  } catch (err) {
    failures++;
    console.log(`  FAIL ${name}: ${err.message}`);
  }
}

async function waitForNginx() {
  for (let i = 0; i < 50; i++) {
    try {
      await request("http", "/nginx-health");
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error("nginx did not start listening");
}

const servers = [await stub("api", API_PORT), await stub("admin", ADMIN_PORT)];
await waitForNginx();

await check("http :80 redirects to https, path kept", async () => {
  const r = await request("http", "/courses/intro?x=1");
  if (r.status !== 301) return `status ${r.status}`;
  if (!/^https:\/\/127\.0\.0\.1\/courses\/intro\?x=1$/.test(r.headers.location ?? ""))
    return `location ${r.headers.location}`;
});

await check("http /nginx-health answers locally", async () => {
  const r = await request("http", "/nginx-health");
  if (r.status !== 200) return `status ${r.status}`;
});

await check("https /health -> api, TLS 1.2+, security headers", async () => {
  const r = await request("https", "/health");
  if (r.status !== 200 || r.json?.upstream !== "api" || r.json.url !== "/health")
    return `status ${r.status} body ${r.raw}`;
  if (!["TLSv1.2", "TLSv1.3"].includes(r.tls)) return `negotiated ${r.tls}`;
  const h = r.headers;
  if (!/max-age=\d+/.test(h["strict-transport-security"] ?? "")) return "no HSTS";
  if (h["x-content-type-options"] !== "nosniff") return "no X-Content-Type-Options";
  if (!h["x-frame-options"]) return "no X-Frame-Options";
  if (!h["referrer-policy"]) return "no Referrer-Policy";
  if (h["x-powered-by"]) return "X-Powered-By leaked";
  if (/\d/.test(h.server ?? "")) return `server version leaked: ${h.server}`;
});

await check("proxy headers: Host, X-Forwarded-For/Proto, keepalive Connection", async () => {
  const r = await request("https", "/api/courses", { headers: { Host: "learn.example.test" } });
  const seen = r.json?.headers ?? {};
  if (r.json?.upstream !== "api" || r.json.url !== "/api/courses") return `body ${r.raw}`;
  if (seen.host !== "learn.example.test") return `Host ${seen.host}`;
  if (seen["x-forwarded-proto"] !== "https") return `X-Forwarded-Proto ${seen["x-forwarded-proto"]}`;
  if (!seen["x-forwarded-for"]?.includes("127.0.0.1")) return `X-Forwarded-For ${seen["x-forwarded-for"]}`;
  if (!seen["x-real-ip"]) return "no X-Real-IP";
  if (seen.connection === "close") return "Connection: close sent upstream (keepalive map broken)";
});

await check("/admin and /admin/... -> admin with the /admin prefix kept", async () => {
  const a = await request("https", "/admin");
  if (a.status !== 302 || a.headers.location !== "/admin/login") return `/admin status ${a.status}`;
  const r = await request("https", "/admin/resources/Course/actions/list?page=2");
  if (r.json?.upstream !== "admin") return `went to ${r.json?.upstream ?? r.status}`;
  if (r.json.url !== "/admin/resources/Course/actions/list?page=2") return `admin saw ${r.json.url}`;
  const l = await request("https", "/admin/login", { method: "POST", body: "email=a&password=b" });
  if (l.json?.upstream !== "admin" || l.json.url !== "/admin/login") return `login went to ${l.raw}`;
});

await check("/administrator is not the admin panel", async () => {
  const r = await request("https", "/administrator");
  if (r.json?.upstream !== "api") return `went to ${r.json?.upstream}`;
});

await check("/telegram/webhook -> api (POST)", async () => {
  const r = await request("https", "/telegram/webhook", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "s" },
    body: JSON.stringify({ update_id: 1 }),
  });
  if (r.json?.upstream !== "api" || r.json.method !== "POST" || r.json.url !== "/telegram/webhook")
    return `body ${r.raw}`;
  if (r.json.headers["x-telegram-bot-api-secret-token"] !== "s") return "secret header not forwarded";
});

await check("/ws WebSocket upgrade reaches api and relays frames", async () => {
  const r = await upgrade("/ws/rooms/42");
  if (r.status !== 101) return `status ${r.status}`;
  if (r.headers["x-seen-path"] !== "/ws/rooms/42") return `api saw ${r.headers["x-seen-path"]}`;
  if (r.headers["x-seen-upgrade"] !== "websocket") return `Upgrade ${r.headers["x-seen-upgrade"]}`;
  if (!/upgrade/i.test(r.headers["x-seen-connection"] ?? "")) return `Connection ${r.headers["x-seen-connection"]}`;
  if (r.echo !== "ping-through-nginx") return `echo ${r.echo}`;
});

await check("gzip on compressible responses", async () => {
  const r = await request("https", "/api/big", { headers: { "Accept-Encoding": "gzip" } });
  if (r.headers["content-encoding"] !== "gzip") return `content-encoding ${r.headers["content-encoding"]}`;
});

await check("10 MB upload passes, > 50 MB is refused with 413", async () => {
  const ok = await request("https", "/api/uploads", {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body: Buffer.alloc(10 * 1024 * 1024),
  });
  if (ok.status !== 200 || ok.json?.bytes !== 10 * 1024 * 1024) return `10 MB: status ${ok.status}`;
  // Announce 51 MB without sending it: nginx answers from the headers alone.
  const big = await new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: HTTPS_PORT,
        path: "/api/uploads",
        method: "POST",
        ca,
        agent: false,
        headers: { "Content-Length": String(51 * 1024 * 1024) },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
        req.destroy();
      },
    );
    req.on("error", reject);
    req.flushHeaders();
  });
  if (big !== 413) return `51 MB: status ${big}`;
});

if (env.BUN && env.HEALTHCHECK) {
  // Async spawn: the stubs live in this process, so its event loop must keep running.
  const run = (extra) =>
    new Promise((resolve) => {
      const child = spawn(env.BUN, [env.HEALTHCHECK], {
        env: { ...env, PORT: String(API_PORT), ADMIN_PORT: String(ADMIN_PORT), ...extra },
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 15_000,
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", (e) => resolve({ code: -1, stderr: e.message }));
      child.on("close", (code) => resolve({ code, stderr: stderr.trim() }));
    });
  await check("deploy/healthcheck.ts: api, admin, all, worker pass; api down fails", async () => {
    for (const roles of ["api", "admin", "", "worker", "api,worker"]) {
      const r = await run({ ROLES: roles });
      if (r.code !== 0) return `ROLES="${roles}" exit ${r.code} against healthy stubs: ${r.stderr}`;
    }
    const down = await run({ ROLES: "api", PORT: "1" });
    if (down.code !== 1) return `ROLES=api exit ${down.code} with nothing listening (want 1)`;
  });
}

for (const s of servers) s.close();
console.log(failures === 0 ? "  nginx smoke: all checks passed" : `  nginx smoke: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
