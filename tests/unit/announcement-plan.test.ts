import { describe, expect, it } from 'vitest'
import { announcementPlan } from '../../src/domain/delivery/announcement'
import { DISCORD_PROFILE, TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { plainText } from '../../src/domain/delivery/rich-text'

describe('announcement plan', () => {
  it('is one formatted text message when it fits', () => {
    const plan = announcementPlan('**Exam** on _Friday_ <script>', null, TELEGRAM_PROFILE)
    expect(plan.platform).toBe('TELEGRAM')
    expect(plan.messages).toHaveLength(1)
    const [m] = plan.messages
    expect(m!.type).toBe('text')
    expect(m!.type === 'text' && plainText(m!.blocks)).toBe('Exam on Friday <script>')
  })

  it("is split to the platform's message limit", () => {
    const body = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${'word '.repeat(20)}`).join('\n\n')
    const plan = announcementPlan(body, null, DISCORD_PROFILE)
    expect(plan.messages.length).toBeGreaterThan(1)
    for (const m of plan.messages) expect(m.type === 'text' && plainText(m.blocks).length).toBeLessThanOrEqual(DISCORD_PROFILE.text)
  })

  it('sends an image first, with the text as its caption', () => {
    const plan = announcementPlan('See the *map*', 'announcements/map.png', TELEGRAM_PROFILE)
    expect(plan.messages).toHaveLength(1)
    const [m] = plan.messages
    expect(m).toMatchObject({ type: 'media', media: { kind: 'photo', filePath: 'announcements/map.png', fileName: 'map.png' } })
    expect(m!.type === 'media' && plainText(m!.caption)).toBe('See the map')
  })
})
