// The two scripts Gradescope runs from an autograder zip: setup.sh once per image, run_autograder once per submission.

/** Node's major version dsgrade needs (the sandbox relies on its permission model). */
const NODE_MAJOR = 20;

/**
 * setup.sh: dsgrade and its dependencies are in node_modules/ already; only Node may be missing.
 * It takes Node from the image's Debian/Ubuntu packages, and when those are older than 20 (as on
 * Ubuntu 22.04), the official binary from the npm registry's node-linux-<arch> package.
 */
export function setupScript(nodeVersion: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
set -euo pipefail
cd "$(dirname "$0")"
node_ok() { "$1" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= ${NODE_MAJOR} ? 0 : 1)' 2>/dev/null; }
if command -v node >/dev/null && node_ok node; then
  echo "setup.sh: using $(command -v node) $(node --version)"
else
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
  if ! node_ok node; then
    case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
    echo "setup.sh: the image's Node is older than ${NODE_MAJOR}; installing node-linux-$arch@${nodeVersion} from npm"
    npm install --no-save --no-audit --no-fund --prefix "$PWD/node-bin" "node-linux-$arch@${nodeVersion}"
    ln -sf "$PWD/node-bin/node_modules/node-linux-$arch/bin/node" "$PWD/node"
  fi
fi
NODE="$PWD/node"
[ -x "$NODE" ] || NODE=node
# The installed grader must start: a broken bundle fails here, when the instructor uploads it, not on a student.
"$NODE" node_modules/@dsgrade/grader/bin/dsgrade.js help grade >/dev/null
echo "setup.sh: dsgrade is ready ($("$NODE" --version))"
`;
}

/** run_autograder: grade /autograder/submission into /autograder/results/results.json. AUTOGRADER_ROOT moves /autograder (for tests). */
export function runAutograderScript(assignment: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(assignment)) throw new Error(`runAutograderScript: "${assignment}" is not a plain folder name; rename the assignment folder to letters, digits, . _ -`);
  return `#!/usr/bin/env bash
# Gradescope runs this for each submission, as /autograder/run_autograder.
set -euo pipefail
ROOT="\${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"
ASSIGNMENT=${assignment}
SUBMISSION="$ROOT/submission"
# A submission of the whole student starter repository (a GitHub upload) holds the solution deeper down.
if [ -d "$SUBMISSION/assignments/$ASSIGNMENT/solution" ]; then SUBMISSION="$SUBMISSION/assignments/$ASSIGNMENT/solution"; fi
NODE="$SOURCE/node"
[ -x "$NODE" ] || NODE=node
mkdir -p "$ROOT/results"
cd "$SOURCE"
# Exit code 0 whenever grading worked, whatever the score: Gradescope then shows results.json.
exec "$NODE" node_modules/@dsgrade/grader/bin/dsgrade.js grade "$ASSIGNMENT" --solution "$SUBMISSION" --out "$ROOT/results/report" --json "$ROOT/results/results.json"
`;
}
