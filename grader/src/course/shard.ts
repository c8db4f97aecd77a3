// `--shard I/N`: a stable slice of the submissions, chosen by each submission's name alone.
import crypto from 'node:crypto';

export interface Shard {
  /** 1-based, as GitHub Actions and Jest number shards. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!(count >= 1 && index >= 1 && index <= count)) {
    throw new Error(`parseShard: --shard must be I/N with 1 <= I <= N (e.g. 2/4), got "${text}"; from a Kubernetes Indexed Job pass $((JOB_COMPLETION_INDEX + 1))/N`);
  }
  return { index, count };
}

/** Whether a submission belongs to a shard: by a hash of its name, so adding a submission never moves another. */
export function inShard(name: string, shard: Shard): boolean {
  const h = crypto.createHash('sha256').update(name).digest().readUInt32BE(0);
  return h % shard.count === shard.index - 1;
}
