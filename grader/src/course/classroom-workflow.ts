// The GitHub Classroom workflow of a student repository: run the visible tests and report points.

/**
 * One autograding step per assignment. GitHub Classroom's `autograding-command-grader` runs a
 * command and awards max-score when it exits 0; `autograding-grading-reporter` sums the steps
 * into the points Classroom shows. `dsgrade test` exits 1 when a test fails, so a step is worth
 * the assignment's visible points, all or nothing.
 */
export function classroomWorkflow(list: { name: string; points: number }[]): string {
  if (list.length === 0) throw new Error('classroomWorkflow: pass at least one assignment { name, points }');
  const assignments = list.map((a) => a.name);
  const points = new Map(list.map((a) => [a.name, a.points]));
  const id = (n: string) => n.replace(/[^A-Za-z0-9-]/g, '-');
  const steps = assignments
    .map(
      (n) => `      - name: ${n}
        id: ${id(n)}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: ${n}
          setup-command: npm install --no-audit --no-fund
          command: npx dsgrade test ${n}
          timeout: 10
          max-score: ${points.get(n)}`,
    )
    .join('\n');
  const results = assignments.map((n) => `          ${id(n).toUpperCase().replace(/-/g, '_')}_RESULTS: "\${{ steps.${id(n)}.outputs.result }}"`).join('\n');
  return `# GitHub Classroom autograding: each assignment's visible tests, run by dsgrade.
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
${steps}
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${results}
        with:
          runners: ${assignments.map(id).join(',')}
`;
}
