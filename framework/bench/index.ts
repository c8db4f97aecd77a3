import { benchSimulator } from './simulator.js';
import { benchChaos } from './chaos.js';
import { benchModelChecker } from './mc.js';
import { benchLinearizability } from './linearizability.js';

// Prints one JSON object per benchmark so that later figures can be compared within one run.
const results: Record<string, unknown> = { simulator: benchSimulator() };
results.chaos = benchChaos();
results.mc = benchModelChecker();
results.linearizability = benchLinearizability();
console.log(JSON.stringify({ framework: results }, null, 2));
