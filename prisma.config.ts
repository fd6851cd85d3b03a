// Prisma CLI configuration (generate/validate/format). Migrations are applied by
// scripts/migrate.ts, which also works on machines where the CLI cannot download
// its native schema engine; `prisma migrate deploy` reads the same folders.
import { existsSync } from 'node:fs'
import { defineConfig } from 'prisma/config'

// The CLI checks that a schema-engine binary exists even for commands that never
// run it (generate/validate/format). Offline it cannot download one, so point it
// at an existing file unless the real engine was provided.
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const wasm = 'node_modules/@prisma/schema-engine-wasm/schema_engine_bg.wasm'
  if (existsSync(wasm)) process.env.PRISMA_SCHEMA_ENGINE_BINARY = wasm
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'bun prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/taskmetrics' },
})
