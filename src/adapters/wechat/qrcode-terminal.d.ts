/** Minimal types for qrcode-terminal 0.12 (the package ships none). */
declare module 'qrcode-terminal' {
  interface GenerateOptions {
    small?: boolean
  }
  export function generate(text: string, options?: GenerateOptions, callback?: (qr: string) => void): void
  export function setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void
  const qrcode: { generate: typeof generate; setErrorLevel: typeof setErrorLevel }
  export default qrcode
}
