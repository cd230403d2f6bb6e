import { XMLParser } from 'fast-xml-parser'

/**
 * fast-xml-parser in preserveOrder mode, with small accessors, for walking OOXML parts in document
 * order. A node is `{ 'w:p': [children], ':@': {attributes} }`; a text node is `{ '#text': '…' }`.
 */
export type XmlNode = Record<string, unknown>

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Keep text exactly: spaces inside <w:t xml:space="preserve">, and "2016" as a string, not a number.
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Numeric character references (&#x4E00;) are decoded only with this on.
  htmlEntities: true,
})

export function parseXml(xml: string): XmlNode[] {
  return parser.parse(xml) as XmlNode[]
}

/** The element name of a node ('w:p'), or '#text' for text. */
export function tagOf(node: XmlNode): string {
  for (const key in node) if (key !== ':@') return key
  return ''
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const value = node[tagOf(node)]
  return Array.isArray(value) ? (value as XmlNode[]) : []
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  const attrs = node[':@'] as Record<string, unknown> | undefined
  const value = attrs?.[name]
  return value === undefined ? undefined : String(value)
}

export function textOf(node: XmlNode): string {
  const value = node['#text']
  return value === undefined ? '' : String(value)
}

/** The first child with this tag, if any. */
export function childNamed(node: XmlNode, tag: string): XmlNode | undefined {
  return childrenOf(node).find((child) => tagOf(child) === tag)
}

/** Follows a path of first children: `pathOf(p, 'w:pPr', 'w:pStyle')`. */
export function pathOf(node: XmlNode | undefined, ...tags: string[]): XmlNode | undefined {
  let current = node
  for (const tag of tags) current = current && childNamed(current, tag)
  return current
}

/** The first top-level element of a parsed part with this tag (skipping the <?xml?> declaration). */
export function rootNamed(nodes: XmlNode[], tag: string): XmlNode | undefined {
  return nodes.find((node) => tagOf(node) === tag)
}
