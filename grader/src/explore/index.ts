// dsgrade explore: the command, its server and the session that lives in the sandbox child.
export { EXPLORE_USAGE, exploreCommand } from './command.js';
