import { attrOf, childrenOf, tagOf, textOf, type XmlNode } from './xml.js'

/**
 * The visible text of one w:p, in order: run text, tabs as '\t', line breaks as one space. Deleted
 * revisions (w:delText), field codes (w:instrText) and drawings/text boxes (whose paragraphs are not
 * part of this one; mc:AlternateContent would also give them twice) are left out.
 */
export function paragraphText(p: XmlNode): string {
  const parts: string[] = []
  collect(childrenOf(p), parts)
  return parts.join('')
}

const SKIPPED = new Set(['w:pPr', 'w:rPr', 'w:del', 'w:moveFrom', 'mc:AlternateContent', 'w:drawing', 'w:pict', 'w:object'])

function collect(nodes: XmlNode[], parts: string[]): void {
  for (const node of nodes) {
    const tag = tagOf(node)
    if (SKIPPED.has(tag)) continue
    switch (tag) {
      case 'w:t':
        for (const child of childrenOf(node)) parts.push(textOf(child))
        break
      case 'w:tab':
      case 'w:ptab':
        parts.push('\t')
        break
      case 'w:br':
      case 'w:cr':
        parts.push(' ')
        break
      case 'w:noBreakHyphen':
        parts.push('-')
        break
      case 'w:sym':
        parts.push(symbolOf(node))
        break
      default:
        collect(childrenOf(node), parts)
    }
  }
}

/** A w:sym in a Unicode font (not Wingdings' private-use codes) is a real character. */
function symbolOf(node: XmlNode): string {
  const code = Number.parseInt(attrOf(node, 'w:char') ?? '', 16)
  return Number.isFinite(code) && (code < 0xe000 || code > 0xf8ff) && code > 0x1f ? String.fromCodePoint(code) : ''
}

/**
 * The body-level content of a container in document order, looking through content controls
 * (w:sdt → w:sdtContent) and custom XML wrappers, which Word and WPS put around paragraphs, tables,
 * rows and cells alike.
 */
export function* contentOf(node: XmlNode): Generator<XmlNode> {
  for (const child of childrenOf(node)) {
    const tag = tagOf(child)
    if (tag === 'w:sdt') {
      const content = childrenOf(child).find((c) => tagOf(c) === 'w:sdtContent')
      if (content) yield* contentOf(content)
    } else if (tag === 'w:customXml' || tag === 'w:smartTag') {
      yield* contentOf(child)
    } else {
      yield child
    }
  }
}
