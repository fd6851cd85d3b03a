#!/usr/bin/env node
// `npm start`: installs what is missing, makes sure Redis (and PostgreSQL when
// DATABASE_URL is set) answer, then runs the platform with migrations and the
// demo seed. With DATABASE_URL unset the data lives in embedded PGlite under DATA_DIR.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { BIN, ROOT, ensureDependencies, ensurePostgres, ensurePrismaClient, ensureRedis } from './lib/prepare.mjs'

ensureDependencies()
ensurePrismaClient()
await ensureRedis(process.env.REDIS_URL)
if (process.env.DATABASE_URL) await ensurePostgres(process.env.DATABASE_URL)

const child = spawn(join(BIN, 'bun'), ['src/main.ts', '--migrate', '--seed', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
