/**
 * The set of visited states: 64-bit hashes in an open-addressing table over typed arrays
 * (linear probing, load factor at most 1/2), never objects. Each state gets an ordinal in
 * visiting order; with `trackParents` (BFS) it also records the parent ordinal and the
 * action that led to it, so a counterexample is rebuilt without keeping paths.
 */
export class VisitedSet {
  private keys: Int32Array;
  /** Ordinal + 1 per slot; 0 marks an empty slot. */
  private slots: Int32Array;
  private mask: number;
  private parents: Int32Array;
  private codes: Int32Array;
  size = 0;

  constructor(private readonly trackParents: boolean, capacity = 1 << 12) {
    this.keys = new Int32Array(capacity * 2);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.parents = new Int32Array(trackParents ? capacity >> 1 : 0);
    this.codes = new Int32Array(trackParents ? capacity >> 1 : 0);
  }

  private static slotOf(k1: number, k2: number, mask: number): number {
    let h = k1 ^ Math.imul(k2, 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    return (h ^ (h >>> 13)) & mask;
  }

  /** Adds the key; returns its new ordinal, or -1 if it was already there. */
  add(k1: number, k2: number, parent: number, code: number): number {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const keys = this.keys;
    const slots = this.slots;
    const mask = this.mask;
    let i = VisitedSet.slotOf(k1, k2, mask);
    for (;;) {
      const s = slots[i]!;
      if (s === 0) break;
      if (keys[2 * i] === k1 && keys[2 * i + 1] === k2) return -1;
      i = (i + 1) & mask;
    }
    const ord = this.size++;
    slots[i] = ord + 1;
    keys[2 * i] = k1;
    keys[2 * i + 1] = k2;
    if (this.trackParents) {
      if (ord >= this.parents.length) {
        const p = new Int32Array(this.parents.length * 2);
        p.set(this.parents);
        this.parents = p;
        const c = new Int32Array(this.codes.length * 2);
        c.set(this.codes);
        this.codes = c;
      }
      this.parents[ord] = parent;
      this.codes[ord] = code;
    }
    return ord;
  }

  has(k1: number, k2: number): boolean {
    const keys = this.keys;
    let i = VisitedSet.slotOf(k1, k2, this.mask);
    for (;;) {
      if (this.slots[i] === 0) return false;
      if (keys[2 * i] === k1 && keys[2 * i + 1] === k2) return true;
      i = (i + 1) & this.mask;
    }
  }

  parentOf(ord: number): number {
    return this.parents[ord]!;
  }

  codeOf(ord: number): number {
    return this.codes[ord]!;
  }

  /** Memory held by the table and the parent arrays. */
  bytes(): number {
    return this.keys.byteLength + this.slots.byteLength + this.parents.byteLength + this.codes.byteLength;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    const cap = oldSlots.length * 2;
    const keys = new Int32Array(cap * 2);
    const slots = new Int32Array(cap);
    const mask = cap - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const s = oldSlots[j]!;
      if (s === 0) continue;
      const k1 = oldKeys[2 * j]!;
      const k2 = oldKeys[2 * j + 1]!;
      let i = VisitedSet.slotOf(k1, k2, mask);
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = s;
      keys[2 * i] = k1;
      keys[2 * i + 1] = k2;
    }
    this.keys = keys;
    this.slots = slots;
    this.mask = mask;
  }
}
