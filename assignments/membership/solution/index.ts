import type { Context, Message, Process } from '@dsgrade/framework';

/**
 * One process of a group membership service. See the assignment's README.md.
 *
 * From its user it receives   { type: 'JOIN', data: { seed: string } }   join through seed
 *                             { type: 'LEAVE' }                          leave the group
 *                             { type: 'GET_MEMBERS' }                    what is your view?
 * and answers GET_MEMBERS at once with
 *                             { type: 'MEMBERS', data: { members: string[] } }
 * The network messages between processes are yours to design.
 */
export class Member implements Process {
  onLocalMessage(msg: Message, ctx: Context): void {
    // TODO: JOIN (through data.seed; a process whose seed is itself founds the group), LEAVE,
    // and GET_MEMBERS (answer with ctx.sendLocal right away).
  }

  onMessage(msg: Message, from: string, ctx: Context): void {
    // TODO: handle your own network messages (join requests, gossip, ...).
  }

  onTimer(name: string, ctx: Context): void {
    // TODO: periodic work: heartbeats, gossip, failure detection.
  }
}
