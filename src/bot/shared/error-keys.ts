// The message each domain refusal gets in the bots (keys of src/i18n/locales).
import type { DomainErrorCode } from '../../domain'

export const ERROR_KEY_BY_CODE: Record<DomainErrorCode, string> = {
  not_found: 'err-not-found',
  not_enrolled: 'err-not-enrolled',
  not_published: 'err-not-published',
  forbidden: 'err-not-enrolled',
  unauthenticated: 'err-generic',
  invalid: 'err-invalid',
  conflict: 'err-conflict',
  stale: 'err-not-found',
  expired: 'err-expired',
  unreachable: 'err-generic',
  module_locked: 'err-module-locked',
}
