// Grading, the parent side: the export list of grader/src/grade.
export { gradeSubmission, SetupError } from './grade-submission.js';
export type { GradeOptions, ReplayAt } from './grade-submission.js';
export type { GradeReport, GroupGrade, TestGrade, TestStatus } from './model.js';
export { bonusEarned, lostNoPoints, passedCount, scoreText, testScore, totals } from './score.js';
export { CAPS, capText, capTrace, capTestRun, capGrade, fitResults } from './caps.js';
