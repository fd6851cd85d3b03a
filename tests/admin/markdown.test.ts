// The panel's Markdown renderer: what the text editor's preview and the
// "preview as student" page show.
import { describe, expect, it } from 'vitest'
import { renderMarkdown, safeUrl } from '../../src/admin/markdown'
import { moved } from '../../src/admin/resources/reorder'

describe('renderMarkdown', () => {
  it('renders the formatting the bots support', () => {
    const html = renderMarkdown('**bold** _it_ ~~gone~~ `code`\n\n- one\n- two\n\n> quote\n\n```sql\nSELECT 1 < 2;\n```')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<em>it</em>')
    expect(html).toContain('<del>gone</del>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<blockquote>')
    expect(html).toContain('SELECT 1 &lt; 2;')
  })

  it('shows raw HTML as text and never emits a script, handler or javascript: link', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) ![i](data:text/html,hi) <a href="javascript:1">a</a>')
    expect(html).not.toMatch(/<script|<img|<[^>]*\bon\w+=|href="(javascript|data):/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
  })

  it('keeps safe links, opened in a new tab without the referrer, and turns images and headings into what a chat shows', () => {
    const html = renderMarkdown('# Title\n\n[docs](https://example.com/a?b=1&c="2") ![pic](https://example.com/p.png)')
    expect(html).toContain('<p><strong>Title</strong></p>')
    expect(html).toContain('href="https://example.com/a?b=1&amp;c=&quot;2&quot;"')
    expect(html).toContain('rel="noopener noreferrer nofollow"')
    expect(html).toContain('>pic</a>')
    expect(safeUrl('mailto:a@b.c')).toBe('mailto:a@b.c')
    expect(safeUrl(' vbscript:x')).toBeNull()
  })
})

describe('moved', () => {
  it('swaps an item with its neighbour and stops at the ends', () => {
    expect(moved([1, 2, 3], 2, 'up')).toEqual([2, 1, 3])
    expect(moved([1, 2, 3], 2, 'down')).toEqual([1, 3, 2])
    expect(moved([1, 2, 3], 1, 'up')).toBeNull()
    expect(moved([1, 2, 3], 3, 'down')).toBeNull()
    expect(moved([1, 2, 3], 9, 'up')).toBeNull()
  })
})
