// The parts of express-session's API the panel uses (the package ships no
// types and @types/express-session is not installed).
declare module 'express-session' {
  import type { RequestHandler } from 'express'
  import type { PanelUser } from './panel-user'

  export interface SessionData {
    adminUser?: PanelUser
    /** Fingerprint of the password hash at sign-in; a reset changes it. */
    credential?: string
    redirectTo?: string
    /** The session's CSRF token (csrf.ts), sent back by the panel's pages in a header or form field. */
    csrfToken?: string
  }

  export interface Session extends SessionData {
    id: string
    regenerate(callback: (err?: unknown) => void): this
    destroy(callback: (err?: unknown) => void): this
    save(callback?: (err?: unknown) => void): this
  }

  export interface CookieOptions {
    httpOnly?: boolean
    sameSite?: boolean | 'lax' | 'strict' | 'none'
    secure?: boolean | 'auto'
    maxAge?: number
    path?: string
    domain?: string
  }

  export class Store {}

  export interface SessionOptions {
    store?: Store
    name?: string
    secret: string | string[]
    resave?: boolean
    saveUninitialized?: boolean
    rolling?: boolean
    proxy?: boolean
    cookie?: CookieOptions
  }

  export default function session(options?: SessionOptions): RequestHandler
}

declare namespace Express {
  interface Request {
    session: import('express-session').Session
  }
}
