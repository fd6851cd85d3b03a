// The panel's custom React components, bundled by AdminJS's own bundler
// (rollup, run locally: no CDN). The bundle is built once at start-up, in
// every environment, and reused across restarts while the components and the
// AdminJS version are unchanged (a content hash is kept next to it).
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import AdminJS from 'adminjs'

export interface ComponentsBundle {
  code: string
  etag: string
  /** Whether it was built now (false: reused from an earlier start). */
  built: boolean
  ms: number
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name)
      return statSync(full).isDirectory() ? filesUnder(full) : [full]
    })
}

export type BundleMode = 'production' | 'development'

export interface BundleOptions {
  /**
   * The build the bundle is kept for (part of its hash: a production bundle is
   * minified). The caller passes it from the config (`ctx.config.env`); by
   * default, the mode AdminJS's bundler itself builds in.
   */
  mode?: BundleMode
}

/**
 * Builds the components bundle unless an identical one exists. `sources` are
 * the folders/files the components import (their contents go into the hash).
 */
export async function ensureComponentsBundle(admin: AdminJS, sources: string[], options: BundleOptions = {}): Promise<ComponentsBundle> {
  const started = performance.now()
  const { componentsBundler, generateUserComponentEntry, ADMIN_JS_TMP_DIR, COMPONENTS_OUTPUT_PATH, NODE_ENV } = await import('adminjs/bundler')
  const mode: BundleMode = options.mode ?? (NODE_ENV === 'production' ? 'production' : 'development')
  const entry: string = generateUserComponentEntry(admin, ADMIN_JS_TMP_DIR)
  const hash = createHash('sha256')
  hash.update(entry)
  hash.update(mode)
  hash.update(String(AdminJS.VERSION))
  for (const source of sources) {
    for (const file of statSync(source).isDirectory() ? filesUnder(source) : [source]) {
      hash.update(file)
      hash.update(readFileSync(file))
    }
  }
  const digest = hash.digest('hex')
  const hashFile = `${COMPONENTS_OUTPUT_PATH}.sha256`
  let built = false
  const fresh = existsSync(COMPONENTS_OUTPUT_PATH) && existsSync(hashFile) && readFileSync(hashFile, 'utf8') === digest
  if (!fresh) {
    await componentsBundler.createEntry({ content: entry })
    await componentsBundler.build()
    writeFileSync(hashFile, digest)
    built = true
  }
  const code = readFileSync(COMPONENTS_OUTPUT_PATH, 'utf8')
  return { code, etag: `"${digest.slice(0, 32)}"`, built, ms: Math.round(performance.now() - started) }
}
