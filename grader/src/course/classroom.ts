// `dsgrade classroom`: grade a student repository's solution as one GitHub Classroom autograding step.
import fs from 'node:fs';
import path from 'node:path';
import { gradeSubmission } from '../grade/index.js';
import { toClassroom, type ClassroomResult } from '../report/index.js';
import { replayFlag } from './replay-flag.js';

export interface ClassroomStep {
  result: ClassroomResult;
  /** The step's `result` output: the JSON, base64-encoded, as the grading reporter decodes it. */
  encoded: string;
  /** The one line of the job log a person reads: "Points 6/8". */
  points: string;
}

/**
 * Grades `solutionDir` on the assignment's tests (in a student repository, the visible ones) and,
 * when `githubOutput` names a file (GitHub Actions' $GITHUB_OUTPUT), appends `result=<base64>` to it.
 */
export async function classroomStep(assignmentDir: string, solutionDir: string, githubOutput: string | undefined): Promise<ClassroomStep> {
  if (!fs.existsSync(path.join(assignmentDir, 'assignment.yaml'))) throw new Error(`classroomStep: no assignment.yaml in ${assignmentDir}; pass an assignment folder`);
  const name = path.basename(assignmentDir);
  const shownSolution = path.relative(process.cwd(), solutionDir) || '.';
  const report = await gradeSubmission({
    assignmentDir,
    solutionDir,
    replayCommand: (t, at) => `npx dsgrade replay ${name} --solution ${shownSolution} --test ${t}${replayFlag(at)}`,
  });
  const result = toClassroom(report);
  const encoded = Buffer.from(JSON.stringify(result)).toString('base64');
  // One line, key=value: base64 has no newline, so GitHub's heredoc form is not needed.
  if (githubOutput !== undefined && githubOutput !== '') fs.appendFileSync(githubOutput, `result=${encoded}\n`);
  const total = result.tests.reduce((s, t) => s + t.score, 0);
  return { result, encoded, points: `Points ${total}/${result.max_score}` };
}
