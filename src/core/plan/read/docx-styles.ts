import { attrOf, childrenOf, pathOf, rootNamed, tagOf, type XmlNode } from './xml.js'

/**
 * Paragraph styles of a .docx (word/styles.xml), as far as reading needs them: the heading level a
 * style gives, and the list numbering it carries. A style's level comes from its name (「heading 1」,
 * which Word keeps in English even in a Chinese Word, or 「标题 1」 as WPS may write it), else its
 * outline level, else the style it is based on.
 */

export interface NumberingRef {
  numId: string
  ilvl: number
}

interface ParagraphStyle {
  name: string
  basedOn?: string
  outlineLevel?: number
  numbering?: Partial<NumberingRef>
}

const HEADING_NAME_RE = /^(?:heading|标题)\s*([1-9])$/i
/** Outline level 9 (w:outlineLvl 9) is Word's 「正文文本」: explicitly no heading. */
const BODY_TEXT_LEVEL = 9

export class DocxStyles {
  private readonly styles = new Map<string, ParagraphStyle>()

  constructor(stylesXml: XmlNode[] | undefined) {
    const root = stylesXml && rootNamed(stylesXml, 'w:styles')
    for (const node of root ? childrenOf(root) : []) {
      if (tagOf(node) !== 'w:style' || attrOf(node, 'w:type') !== 'paragraph') continue
      const id = attrOf(node, 'w:styleId')
      if (id === undefined) continue
      this.styles.set(id, {
        name: attrOf(pathOf(node, 'w:name') ?? {}, 'w:val') ?? id,
        basedOn: attrOf(pathOf(node, 'w:basedOn') ?? {}, 'w:val'),
        outlineLevel: outlineLevelOf(pathOf(node, 'w:pPr')),
        numbering: numberingOf(pathOf(node, 'w:pPr')),
      })
    }
  }

  /** Heading level 1–9 the style gives (through its basedOn chain), or undefined for body text. */
  headingLevel(styleId: string | undefined): number | undefined {
    for (const style of this.chain(styleId)) {
      const byName = HEADING_NAME_RE.exec(style.name.trim())
      if (byName) return Number(byName[1])
      if (style.outlineLevel !== undefined) return style.outlineLevel === BODY_TEXT_LEVEL ? undefined : style.outlineLevel + 1
    }
    // A style id Word would recognise even when styles.xml does not define it ('Heading2').
    const byId = styleId === undefined ? null : /^heading([1-9])$/i.exec(styleId)
    return byId ? Number(byId[1]) : undefined
  }

  /** The list numbering a style carries (a heading style linked to 「一、」 numbering), merged along its chain. */
  numbering(styleId: string | undefined): Partial<NumberingRef> | undefined {
    let found: Partial<NumberingRef> | undefined
    for (const style of this.chain(styleId)) {
      if (!style.numbering) continue
      found = { numId: found?.numId ?? style.numbering.numId, ilvl: found?.ilvl ?? style.numbering.ilvl }
    }
    return found
  }

  /** The style and the styles it is based on, nearest first; stops on a cycle. */
  private *chain(styleId: string | undefined): Generator<ParagraphStyle> {
    const seen = new Set<string>()
    let id = styleId
    while (id !== undefined && !seen.has(id)) {
      seen.add(id)
      const style = this.styles.get(id)
      if (!style) return
      yield style
      id = style.basedOn
    }
  }
}

/** w:outlineLvl of a w:pPr: 0–8 for headings 1–9, 9 for body text; undefined when absent. */
export function outlineLevelOf(pPr: XmlNode | undefined): number | undefined {
  const value = attrOf(pathOf(pPr, 'w:outlineLvl') ?? {}, 'w:val')
  const level = value === undefined ? Number.NaN : Number(value)
  return Number.isInteger(level) && level >= 0 && level <= BODY_TEXT_LEVEL ? level : undefined
}

/** w:numPr of a w:pPr, with whichever of numId and ilvl it states. */
export function numberingOf(pPr: XmlNode | undefined): Partial<NumberingRef> | undefined {
  const numPr = pathOf(pPr, 'w:numPr')
  if (!numPr) return undefined
  const numId = attrOf(pathOf(numPr, 'w:numId') ?? {}, 'w:val')
  const ilvl = attrOf(pathOf(numPr, 'w:ilvl') ?? {}, 'w:val')
  return { numId, ilvl: ilvl === undefined ? undefined : Number(ilvl) }
}
