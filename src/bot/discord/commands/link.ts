// /link: a one-time code to join this Discord account with the same student's
// Telegram account (redeemed there with /link CODE), or /link code:CODE to
// redeem a code made in Telegram. Progress then continues on either platform.
import { DomainError } from '../../../domain'
import { LINK_CODE_TTL_MS } from '../../../domain/accounts.service'
import { option, slash } from './define'
import type { SlashCommand } from './types'

const CODE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9 -]{5,14}$/

export const link: SlashCommand = {
  data: slash('link', 'связать', 'dc-cmd-link')
    .addStringOption((o) => option(o, 'code', 'код', 'dc-cmd-link-code').setMaxLength(20))
    .toJSON(),
  async execute(scope) {
    const { user } = await scope.student()
    const code = scope.interaction.options.getString('code')?.trim()
    if (!code) {
      const issued = await scope.deps.domain.accounts.issueLinkCode(user.id)
      return scope.answer({ content: await scope.say('dc-link-issued', { code: issued.code, minutes: Math.round(LINK_CODE_TTL_MS / 60_000) }) })
    }
    if (!CODE_SHAPE.test(code)) return scope.answer({ content: await scope.say('link-bad-format') })
    try {
      await scope.deps.domain.accounts.redeemLinkCode(code, user.id)
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      scope.log.info({ code: err.code }, 'link code refused')
      const keys: Partial<Record<string, string>> = { not_found: 'link-unknown', expired: 'link-expired', invalid: 'link-own', conflict: 'link-conflict' }
      const key = keys[err.code]
      if (!key) throw err
      if (key === 'link-conflict') {
        // the platform both accounts are on comes from the error's details, not from its message
        const platform = typeof err.details?.platform === 'string' ? platformName(err.details.platform) : undefined
        return scope.answer({ content: platform ? await scope.say(key, { platform }) : await scope.say('link-conflict-same') })
      }
      return scope.answer({ content: await scope.say(key) })
    }
    scope.forgetStudent() // the account may now belong to the other (older) user
    await scope.answer({ content: await scope.say('link-done') })
  },
}

function platformName(value: string): string | undefined {
  return /^[A-Za-z]{2,20}$/.test(value) ? value.charAt(0).toUpperCase() + value.slice(1).toLowerCase() : undefined
}
