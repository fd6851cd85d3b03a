// adminjs exports its bundler at 'adminjs/bundler' without type declarations.
declare module 'adminjs/bundler' {
  import type AdminJS from 'adminjs'
  export const componentsBundler: { createEntry(opts: { content: string; dir?: string }): Promise<void>; build(): Promise<void> }
  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string
  export const ADMIN_JS_TMP_DIR: string
  /** 'production' when process.env.NODE_ENV was 'production' as adminjs loaded, else 'development' (minifies when production). */
  export const NODE_ENV: 'production' | 'development'
  export const COMPONENTS_OUTPUT_PATH: string
}
