// A tiny Prisma generator (JSON-RPC over stdio, the protocol of
// @prisma/generator-helper) that writes the full DMMF to its `output` file.
// The admin panel (@adminjs/prisma, src/admin/scoped-resource.ts) reads ids, required flags,
// relations and enums from the DMMF; Prisma 7's runtime copy is stripped of those.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createInterface } from 'node:readline'

type Request = { id: number; method: string; params: any }

function reply(id: number, result: unknown) {
  // generators answer on stderr; stdout is left for the generator's own logs
  process.stderr.write(JSON.stringify({ jsonrpc: '2.0', id, result }) + '\n')
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  let request: Request
  try {
    request = JSON.parse(line)
  } catch {
    return
  }
  if (request.method === 'getManifest') {
    reply(request.id, { manifest: { prettyName: 'Full DMMF for AdminJS', defaultOutput: '../src/generated/dmmf.json' } })
  } else if (request.method === 'generate') {
    const output: string = request.params.generator.output?.value
    mkdirSync(dirname(output), { recursive: true })
    writeFileSync(output, JSON.stringify(request.params.dmmf))
    reply(request.id, null)
  }
})
