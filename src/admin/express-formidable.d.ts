// express-formidable 1.2 ships no type declarations.
declare module 'express-formidable' {
  import type { RequestHandler } from 'express'
  type Event = { event: string; action: (...args: any[]) => void }
  /** `opts` are assigned onto formidable 1.x's IncomingForm (uploadDir, maxFileSize, maxFieldsSize, maxFields, multiples, onPart, ...). */
  export default function parse(opts?: Record<string, unknown>, events?: Event[]): RequestHandler
}
