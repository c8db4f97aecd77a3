// A child process of grade-all: grades one submission and writes its folder (report.html, results.json) atomically.
// Type checking and bundling run in the grading process, so parallel grading needs one process per job.
import { gradeSubmission } from '../grade/index.js';
import { renderHtml } from '../report/index.js';
import { fromReport, writeResultDir } from './submission-result.js';

export interface WorkerJob {
  assignmentDir: string;
  assignment: string;
  student: string;
  solutionDir: string;
  resultDir: string;
}

const job = JSON.parse(process.argv[2] ?? 'null') as WorkerJob | null;
if (job === null) throw new Error('grade-worker: pass a job as JSON in argv[2]; grade-all starts this file');
const report = await gradeSubmission({
  assignmentDir: job.assignmentDir,
  solutionDir: job.solutionDir,
  replayCommand: (t, s) => `npx dsgrade replay ${job.assignment} --solution ${job.student} --test ${t}${s === null ? '' : ` --seed ${s}`}`,
});
writeResultDir(job.resultDir, {
  'results.json': JSON.stringify(fromReport(job.student, report), null, 2) + '\n',
  'report.html': renderHtml(report),
});
