import assert from 'node:assert/strict';
import vm from 'node:vm';
import { applyChaos, enableBuggify, isSiteActive, System, type Context, type Message, type Process } from '../src/index.js';

/** Four distinct fault points, each asked `rounds` times with probability `p`. */
class FourSites implements Process {
  decisions: boolean[] = [];
  constructor(
    private readonly rounds: number,
    private readonly p: number,
  ) {}
  onLocalMessage(_m: Message, ctx: Context): void {
    for (let i = 0; i < this.rounds; i++) {
      this.decisions.push(ctx.buggify(this.p));
      this.decisions.push(ctx.buggify(this.p));
      this.decisions.push(ctx.buggify(this.p));
      this.decisions.push(ctx.buggify(this.p));
    }
  }
  onMessage(): void {}
  onTimer(): void {}
}

function run(seed: number, rounds: number, p: number, buggify: boolean | { activation: number }) {
  const sys = new System({ seed });
  sys.addNode('n');
  sys.addProcess('n', 'a', () => new FourSites(rounds, p));
  const report = buggify === false ? null : enableBuggify(sys, buggify === true ? {} : buggify);
  sys.sendLocalMessage('a', { type: 'GO', data: null });
  return { sys, report, decisions: (sys.processInstance('a') as FourSites).decisions };
}

describe('chaos: buggify', () => {
  it('makes the same decisions and trace for the same seed', () => {
    for (let seed = 0; seed < 50; seed++) {
      const a = run(seed, 20, 0.5, true);
      const b = run(seed, 20, 0.5, true);
      assert.deepEqual(a.decisions, b.decisions, `seed ${seed}`);
      assert.equal(JSON.stringify(a.sys.trace()), JSON.stringify(b.sys.trace()));
      assert.deepEqual(a.report!.sites(), b.report!.sites());
    }
  });

  it('identifies call sites by file:line:column of the ctx.buggify call and counts calls per site', () => {
    const { report } = run(3, 5, 0.5, true);
    const sites = report!.sites();
    assert.equal(sites.length, 4);
    for (const s of sites) {
      assert.match(s.site, /^chaos-buggify\.spec\.js:\d+:\d+$/);
      assert.equal(s.calls, 5);
      if (!s.active) assert.equal(s.fired, 0);
    }
    assert.equal(new Set(sites.map((s) => s.site)).size, 4);
  });

  it('activates about half of the sites across many seeds, each site independently', () => {
    const perSite = new Map<string, number>();
    const seeds = 300;
    let active = 0;
    for (let seed = 0; seed < seeds; seed++) {
      for (const s of run(seed, 1, 1, true).report!.sites()) {
        if (s.active) {
          active++;
          perSite.set(s.site, (perSite.get(s.site) ?? 0) + 1);
        }
      }
    }
    const fraction = active / (4 * seeds);
    assert.ok(fraction > 0.43 && fraction < 0.57, `fraction of active sites ${fraction}`);
    for (const [site, n] of perSite) assert.ok(n / seeds > 0.38 && n / seeds < 0.62, `${site} active in ${n} of ${seeds} seeds`);
  });

  it('fires an active site every time with p = 1 and never at an inactive one', () => {
    for (let seed = 0; seed < 30; seed++) {
      const { report, decisions } = run(seed, 3, 1, true);
      const sites = report!.sites();
      sites.forEach((s, i) => {
        assert.equal(s.fired, s.active ? 3 : 0);
        for (let r = 0; r < 3; r++) assert.equal(decisions[r * 4 + i], s.active);
      });
    }
  });

  it('respects the probability at an active site', () => {
    for (const p of [0.1, 0.25, 0.75]) {
      const { decisions } = run(11, 2500, p, { activation: 1 });
      const fraction = decisions.filter(Boolean).length / decisions.length;
      assert.ok(Math.abs(fraction - p) < 0.03, `p ${p}: fired ${fraction}`);
    }
  });

  it('uses 0.25 when no probability is given', () => {
    const sys = new System({ seed: 5 });
    sys.addNode('n');
    let fired = 0;
    sys.addProcess('n', 'a', () => ({
      onLocalMessage(_m: Message, ctx: Context) {
        for (let i = 0; i < 8000; i++) if (ctx.buggify()) fired++;
      },
      onMessage() {},
      onTimer() {},
    }));
    enableBuggify(sys, { activation: 1 });
    sys.sendLocalMessage('a', { type: 'GO', data: null });
    assert.ok(Math.abs(fired / 8000 - 0.25) < 0.03, `fired ${fired / 8000}`);
  });

  it('is always false when buggify is not enabled, or disabled in the chaos config', () => {
    for (let seed = 0; seed < 20; seed++) assert.ok(run(seed, 50, 1, false).decisions.every((d) => !d));
    const sys = new System({ seed: 1 });
    sys.addNode('n');
    sys.addProcess('n', 'a', () => new FourSites(50, 1));
    assert.equal(applyChaos(sys, { buggify: false }).buggify, null);
    sys.sendLocalMessage('a', { type: 'GO', data: null });
    assert.ok((sys.processInstance('a') as FourSites).decisions.every((d) => !d));
  });

  it('never fires with activation 0', () => {
    for (let seed = 0; seed < 20; seed++) assert.ok(run(seed, 10, 1, { activation: 0 }).decisions.every((d) => !d));
  });

  it('writes every firing to the trace with its site and process', () => {
    const { sys, report } = run(8, 2, 1, { activation: 1 });
    const notes = sys.trace().events.filter((e) => e.kind === 'check' && e.detail?.startsWith('buggify fired'));
    assert.equal(notes.length, 8);
    assert.ok(notes.every((e) => e.proc === 'a'));
    assert.ok(report!.sites().every((s) => notes.some((e) => e.detail === `buggify fired at ${s.site}`)));
  });

  it('decides activation from (seed, site) alone', () => {
    assert.equal(isSiteActive(7, 'x.js:1:2'), isSiteActive(7, 'x.js:1:2'));
    let differ = 0;
    for (let seed = 0; seed < 100; seed++) if (isSiteActive(seed, 'x.js:1:2') !== isSiteActive(seed, 'x.js:1:3')) differ++;
    assert.ok(differ > 25, `sites one column apart differ in ${differ} of 100 seeds`);
  });

  it('identifies sites in code compiled in a vm context with a filename', () => {
    const code = [
      'class Student {',
      '  constructor() { this.hits = []; }',
      '  onLocalMessage(m, ctx) {',
      '    this.hits.push(ctx.buggify(1));',
      '    this.hits.push(ctx.buggify(1));',
      '  }',
      '  onMessage() {}',
      '  onTimer() {}',
      '}',
      'Student;',
    ].join('\n');
    const Student = vm.runInContext(code, vm.createContext({}), { filename: '/somewhere/solution/bundle.js' }) as new () => Process;
    const sys = new System({ seed: 2 });
    sys.addNode('n');
    sys.addProcess('n', 's', () => new Student());
    const report = enableBuggify(sys, { activation: 1 });
    sys.sendLocalMessage('s', { type: 'GO', data: null });
    assert.deepEqual(report.sites().map((s) => s.site), ['bundle.js:4:24', 'bundle.js:5:24']);
  });

  it('rejects an activation outside [0, 1] and a missing system', () => {
    assert.throws(() => enableBuggify(new System({ seed: 1 }), { activation: 2 }), /^Error: enableBuggify: activation must be a probability/);
    assert.throws(() => enableBuggify(null as unknown as System), /^Error: enableBuggify: pass the System/);
  });
});
