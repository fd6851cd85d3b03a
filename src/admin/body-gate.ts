// Request bodies under /admin are read only when they are wanted: after the
// sign-in check, and files only on the routes that take an upload. Runs before
// @adminjs/express's own body parser (which then sees the body parsed already).
//
// - Not signed in: the only body read is the sign-in form (urlencoded, small).
//   Any other request with a body is answered at once (302 to the sign-in
//   page, or 401 for the API) and the connection closed, so a large upload
//   is never read, let alone written to disk.
// - Signed in: forms are parsed; file parts are written to disk only on the
//   upload routes (a content's new/edit form), into the panel's own temporary
//   folder, and every temporary file is removed when the response ends, also
//   when the upload failed half-way or the client went away.
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import type { NextFunction, Request, Response } from 'express'
import parseBody from 'express-formidable'

/** Largest upload read at all; the domain's per-kind limits are checked after. */
export const MAX_UPLOAD_BYTES = 60 * 1024 * 1024
const MAX_FORM_BYTES = 2 * 1024 * 1024
const MAX_FIELDS = 500
const MAX_LOGIN_BYTES = 16 * 1024

/** Routes (inside the panel's router) whose forms carry a file. */
const UPLOAD_ROUTES = [
  /^\/api\/resources\/Content\/actions\/new$/,
  /^\/api\/resources\/Content\/records\/\d+\/edit$/,
  // an announcement's image (resources/announcement.resource.ts)
  /^\/api\/resources\/Announcement\/records\/\d+\/announce$/,
]

const hasBody = (req: IncomingMessage) => Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined

type Tracked = Request & { uploadTemp?: string[] }

/** formidable 1.x: a form's `onPart` that drops file parts unread (never written to disk). */
function fieldsOnly(this: { handlePart(part: unknown): void }, part: { filename?: string; resume?: () => void }) {
  if (part.filename === undefined) this.handlePart(part)
}

export interface BodyGate {
  /** The middleware (mount inside the panel's router, before its parser). */
  handle(req: Request, res: Response, next: NextFunction): void
  /** The folder of temporary upload files. */
  tempDir: string
}

/** An upload being written touches its file all the time; one untouched this long belongs to no request. */
const STALE_MS = 60 * 60 * 1000

/** Removes temporary files a killed process left behind (other processes' live uploads are fresh). */
export function removeStaleUploads(tempDir: string, now = Date.now()) {
  for (const name of readdirSync(tempDir)) {
    const path = join(tempDir, name)
    try {
      if (now - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true, recursive: true })
    } catch {}
  }
}

export interface BodyGateOptions {
  /** Where uploads are kept while their request runs (DATA_DIR/upload-tmp). */
  tempDir: string
  /** The sign-in route inside the router ('/login') and its URL ('/admin/login'). */
  loginRoute: string
  loginUrl: string
  signedIn: (req: Request) => boolean
}

export function createBodyGate(opts: BodyGateOptions): BodyGate {
  const { tempDir } = opts
  mkdirSync(tempDir, { recursive: true })
  removeStaleUploads(tempDir)

  const base = { uploadDir: tempDir, maxFieldsSize: MAX_FORM_BYTES, maxFields: MAX_FIELDS, multiples: false }
  const track = { event: 'fileBegin', action: (req: Tracked, _res: Response, _next: NextFunction, _name: string, file: { path: string }) => (req.uploadTemp ??= []).push(file.path) }
  const withFiles = parseBody({ ...base, maxFileSize: MAX_UPLOAD_BYTES }, [track])
  const withoutFiles = parseBody({ ...base, onPart: fieldsOnly } as never, [track])

  function handle(req: Request, res: Response, next: NextFunction) {
    if (!hasBody(req)) return next()
    if (!opts.signedIn(req)) {
      const isLogin = req.path === opts.loginRoute && req.method === 'POST'
      const smallForm = req.is('application/x-www-form-urlencoded') && Number(req.headers['content-length'] ?? Number.POSITIVE_INFINITY) <= MAX_LOGIN_BYTES
      if (isLogin && smallForm) return next()
      // answered before the body is read; the connection cannot be reused, so it is closed
      res.set('Connection', 'close')
      if (isLogin) return void res.status(400).type('text/plain').send('The sign-in form was not sent as the sign-in page sends it.')
      if (req.path.startsWith('/api/')) return void res.status(401).json({ error: 'Sign in first' })
      return res.redirect(opts.loginUrl)
    }
    res.on('close', () => {
      const files = (req as Tracked).uploadTemp ?? []
      for (const path of files) void rm(path, { force: true }).catch(() => {})
    })
    const upload = UPLOAD_ROUTES.some((r) => r.test(req.path))
    ;(upload ? withFiles : withoutFiles)(req, res, next)
  }
  return { handle, tempDir }
}
