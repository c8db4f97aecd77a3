/**
 * A 32-bit hash of a string with good mixing (FNV-1a, then MurmurHash3's finalizer), so that
 * hashes of similar strings ("k1", "k2", "p1/k1") look unrelated. Provided with the skeleton.
 */
export function hash32(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h += s.charCodeAt(i) * (i + 1);
  return h >>> 0;
}
