import { Converter } from 'opencc-js/t2cn'

/** Folds a string for matching: NFKC (full-width to half-width), lower case, Traditional to Simplified. */
export type Normalizer = (text: string) => string

/** Creates the normalizer shared by documents and queries (opencc-js Taiwan/Hong Kong/Traditional to mainland). */
export function createNormalizer(): Normalizer {
  // Taiwan phrases and variants first (著力 -> 着力), then the Hong Kong variants it leaves (衞 -> 卫).
  const fromTaiwan = Converter({ from: 'tw', to: 'cn' })
  const fromHongKong = Converter({ from: 'hk', to: 'cn' })
  return (text) => fromHongKong(fromTaiwan(foldWidthAndCase(text)))
}

/** The first, cheap part of the normalizer: NFKC (full-width to half-width) and lower case. */
export function foldWidthAndCase(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** A normalized copy of a text with, for each of its UTF-16 units, the offset of the original character it came from. */
export interface NormalizedText {
  text: string
  /**
   * offsets[i] is the start in the original text of the character that produced text[i], plus one entry
   * holding the original length; absent when positions are unchanged.
   */
  offsets?: number[]
}

/**
 * Normalizes character by character, keeping where each normalized unit came from,
 * so that a match in the normalized text maps back to a range in the original (for highlights).
 */
export function normalizeWithOffsets(text: string, normalize: Normalizer): NormalizedText {
  const whole = normalize(text)
  if (whole.length === text.length) {
    // The usual case: every character folded to one unit, so positions are unchanged.
    return { text: whole }
  }
  return normalizeByCharacter(text, normalize)
}

/** normalizeWithOffsets for a text whose length normalization changes: character by character. */
export function normalizeByCharacter(text: string, normalize: Normalizer): Required<NormalizedText> {
  let out = ''
  const offsets: number[] = []
  let position = 0
  const folds = foldedCharacters(normalize)
  for (const char of text) {
    let folded = folds.get(char)
    if (folded === undefined) {
      folded = isPlainAscii(char) ? char.toLowerCase() : normalize(char)
      folds.set(char, folded)
    }
    out += folded
    for (let i = 0; i < folded.length; i++) offsets.push(position)
    position += char.length
  }
  offsets.push(position)
  return { text: out, offsets }
}

/** Characters folded one by one so far, per normalizer (a character folds alike each time; there are some thousands). */
const characterFolds = new WeakMap<Normalizer, Map<string, string>>()

function foldedCharacters(normalize: Normalizer): Map<string, string> {
  let folds = characterFolds.get(normalize)
  if (!folds) {
    folds = new Map()
    characterFolds.set(normalize, folds)
  }
  return folds
}

function isPlainAscii(char: string): boolean {
  return char.charCodeAt(0) < 0x80
}
