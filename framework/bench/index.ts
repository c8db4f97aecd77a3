import { benchSimulator } from './simulator.js';

// Prints one JSON object per benchmark so that later figures can be compared within one run.
const results: Record<string, unknown> = { simulator: benchSimulator() };
console.log(JSON.stringify({ framework: results }, null, 2));
