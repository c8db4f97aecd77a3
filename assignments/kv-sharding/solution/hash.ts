/**
 * A 32-bit hash of a string with good mixing (FNV-1a, then MurmurHash3's finalizer), so that
 * hashes of similar strings ("k1", "k2", "p1/k1") look unrelated. Provided with the skeleton.
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
