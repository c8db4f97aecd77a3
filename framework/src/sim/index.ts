// The simulator driver behind System.

export { SimWorld } from './sim-world.js';
export { takeSnapshot, restoreSnapshot, stateHash } from './snapshot.js';
