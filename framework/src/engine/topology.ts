import type { ProcessFactory } from '../process.js';

/**
 * Which processes exist, on which nodes, and how to build them: fixed once a system is built,
 * shared by every driver. Processes are numbered in the order they were added.
 */
export class Topology {
  readonly ids: string[] = [];
  readonly nodes: string[] = [];
  /** Node index of each process. */
  readonly nodeOf: number[] = [];
  /** Process indexes of each node. */
  readonly procsOf: number[][] = [];
  readonly factories: ProcessFactory[] = [];
  /**
   * Process index by id. A prototype-less object rather than a Map: every ctx.send looks its
   * destination up here, and V8's keyed property lookup is about twice as fast as Map.get.
   */
  private readonly procIndexes: Record<string, number> = Object.create(null) as Record<string, number>;
  private readonly nodeIndexes = new Map<string, number>();

  addNode(name: string): number {
    const i = this.nodes.length;
    this.nodes.push(name);
    this.procsOf.push([]);
    this.nodeIndexes.set(name, i);
    return i;
  }

  addProcess(node: number, id: string, factory: ProcessFactory): number {
    const i = this.ids.length;
    this.ids.push(id);
    this.nodeOf.push(node);
    this.factories.push(factory);
    this.procsOf[node]!.push(i);
    this.procIndexes[id] = i;
    return i;
  }

  /** Undoes the last addProcess (its constructor threw). */
  removeLast(): void {
    const id = this.ids.pop()!;
    this.procsOf[this.nodeOf.pop()!]!.pop();
    this.factories.pop();
    delete this.procIndexes[id];
  }

  /** The index of a process, or -1. */
  indexOf(id: string): number {
    return this.procIndexes[id] ?? -1;
  }

  hasNode(name: string): boolean {
    return this.nodeIndexes.has(name);
  }

  /** The index of a process; `where` names the caller in the error for an unknown id. */
  proc(where: string, id: string): number {
    const i = this.procIndexes[id];
    if (i === undefined) throw new Error(`${where}: unknown process "${id}"; processes are: ${this.ids.join(', ')}`);
    return i;
  }

  node(where: string, name: string): number {
    const i = this.nodeIndexes.get(name);
    if (i === undefined) throw new Error(`${where}: unknown node "${name}"; nodes are: ${this.nodes.join(', ')}`);
    return i;
  }

  /** True when both processes live on one node (their messages never touch the network). */
  sameNode(a: number, b: number): boolean {
    return this.nodeOf[a] === this.nodeOf[b];
  }
}
