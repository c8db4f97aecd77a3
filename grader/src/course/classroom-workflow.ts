// The GitHub Classroom workflow of a student repository: grade the visible tests and report points.

/** A step id the reporter can find: it reads the env var `<RUNNER>_RESULTS`, upper-cased as given, so no dashes. */
export function classroomRunnerId(assignment: string): string {
  return assignment.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * One step per assignment runs `dsgrade classroom NAME`, which writes the step's `result`
 * output in the format of Classroom's `autograding-command-grader` (base64 JSON with a score
 * per test). `autograding-grading-reporter` adds the steps up into the "Points N/M" that
 * Classroom records, so a student earns each visible test's points, not all or nothing.
 */
export function classroomWorkflow(list: { name: string; points: number }[]): string {
  if (list.length === 0) throw new Error('classroomWorkflow: pass at least one assignment { name, points }');
  const ids = list.map((a) => classroomRunnerId(a.name));
  if (new Set(ids).size !== ids.length) throw new Error(`classroomWorkflow: assignments ${list.map((a) => a.name).join(', ')} share a step id; rename one`);
  const steps = list
    .map(
      (a, i) => `      - name: ${a.name} (${a.points} points)
        id: ${ids[i]}
        timeout-minutes: 10
        run: npx dsgrade classroom ${a.name}`,
    )
    .join('\n');
  const results = ids.map((id) => `          ${id.toUpperCase()}_RESULTS: "\${{ steps.${id}.outputs.result }}"`).join('\n');
  return `# GitHub Classroom autograding: each assignment's visible tests, graded by dsgrade.
name: Autograding Tests
on: [push, workflow_dispatch, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install dsgrade
        run: npm install --no-audit --no-fund
${steps}
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${results}
        with:
          runners: ${ids.join(',')}
`;
}
