// The memo of Lowe's search: the (set of linearized operations, state) pairs already
// explored. A pair seen before leads nowhere new, whatever order reached it.
// Stored without per-entry objects (an open-addressing table over typed arrays): the search
// adds up to millions of entries and allocation would dominate its time.

export class LinMemo {
  private readonly words: number;
  private readonly opHash: Int32Array;
  readonly bits: Uint32Array;
  /** Hash of `bits`, kept up to date incrementally. */
  private bitsHash = 0;
  private slots = new Int32Array(1 << 12); // entry index + 1, 0 = empty
  private hashes = new Int32Array(1 << 11);
  private states = new Int32Array(1 << 11);
  private pool: Uint32Array;
  private count = 0;

  constructor(operations: number) {
    this.words = Math.max(1, Math.ceil(operations / 32));
    this.bits = new Uint32Array(this.words);
    this.pool = new Uint32Array(this.hashes.length * this.words);
    this.opHash = new Int32Array(operations);
    // Fixed pseudo-random values per operation (xorshift32): deterministic, no host randomness.
    let x = 0x9e3779b9 | 0;
    for (let i = 0; i < operations; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      this.opHash[i] = x;
    }
  }

  set(op: number): void {
    this.bits[op >>> 5] |= 1 << (op & 31);
    this.bitsHash ^= this.opHash[op];
  }

  clear(op: number): void {
    this.bits[op >>> 5] &= ~(1 << (op & 31));
    this.bitsHash ^= this.opHash[op];
  }

  /** Records (bits + op, state) and says whether it was new. Does not change `bits`. */
  addIfNew(op: number, state: number): boolean {
    let h = (this.bitsHash ^ this.opHash[op]) + Math.imul(state + 1, 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) | 0;
    const w = op >>> 5;
    const mask = 1 << (op & 31);
    const words = this.words;
    const bits = this.bits;
    const size = this.slots.length - 1;
    let i = h & size;
    for (;;) {
      const slot = this.slots[i];
      if (slot === 0) break;
      const e = slot - 1;
      if (this.hashes[e] === h && this.states[e] === state) {
        const base = e * words;
        let same = true;
        for (let k = 0; k < words && same; k++) same = this.pool[base + k] === (k === w ? (bits[k] | mask) >>> 0 : bits[k]);
        if (same) return false;
      }
      i = (i + 1) & size;
    }
    if (this.count === this.hashes.length) this.growEntries();
    const e = this.count++;
    this.hashes[e] = h;
    this.states[e] = state;
    const base = e * words;
    for (let k = 0; k < words; k++) this.pool[base + k] = bits[k];
    this.pool[base + w] |= mask;
    this.slots[i] = e + 1;
    if (this.count * 2 > this.slots.length) this.growSlots();
    return true;
  }

  private growEntries(): void {
    const n = this.hashes.length * 2;
    const hashes = new Int32Array(n); hashes.set(this.hashes); this.hashes = hashes;
    const states = new Int32Array(n); states.set(this.states); this.states = states;
    const pool = new Uint32Array(n * this.words); pool.set(this.pool); this.pool = pool;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const size = slots.length - 1;
    for (let e = 0; e < this.count; e++) {
      let i = this.hashes[e] & size;
      while (slots[i] !== 0) i = (i + 1) & size;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}
