/**
 * Compares a presented secret with the expected one in time that depends only on the longer length: no
 * early return on the first difference nor on a length mismatch, so timing tells nothing of the secret.
 */
export function secretMatches(presented: string, expected: string): boolean {
  const length = Math.max(presented.length, expected.length)
  let difference = presented.length ^ expected.length
  for (let i = 0; i < length; i++) {
    // Past the end charCodeAt is NaN, and NaN | 0 is 0: the loop still runs to the longer length.
    difference |= (presented.charCodeAt(i) | 0) ^ (expected.charCodeAt(i) | 0)
  }
  return difference === 0
}
