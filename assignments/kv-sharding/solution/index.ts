import type { Context, Message, Process } from '@dsgrade/framework';
import { hash32 } from './hash.js';

/**
 * One node of a sharded key-value store. See the assignment's README.md.
 *
 * From its user it receives   { type: 'GET', data: { key } }            -> { type: 'GET_OK', data: { key, value } } (value null if absent)
 *                             { type: 'PUT', data: { key, value } }     -> { type: 'PUT_OK', data: { key } }
 *                             { type: 'DELETE', data: { key } }         -> { type: 'DELETE_OK', data: { key } }
 *                             { type: 'NODE_ADDED', data: { id, nodes } }
 *                             { type: 'NODE_REMOVED', data: { id, nodes } }
 * The network messages between nodes are yours to design.
 */
export class ShardNode implements Process {
  /** The keys this node is responsible for, key -> value. The tests read this field: keep the name. */
  readonly store = new Map<string, string>();
  /** The current node set. */
  private nodes: string[];

  constructor(nodes: string[]) {
    this.nodes = [...nodes];
  }

  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: GET / PUT / DELETE: find the key's node (hash32 may help), ask it, answer your user
    // when it replies. NODE_ADDED / NODE_REMOVED: adopt the new node set, move keys.
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: requests from other nodes, their answers, keys being moved to this node.
  }

  onTimer(name: string, ctx: Context): void {}
}

export { hash32 };
