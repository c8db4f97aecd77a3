import type { GradeReport, TestGrade } from '../grade/index.js';
import { scoreText } from '../grade/index.js';
import { statusLabel } from './status-label.js';

/** Gradescope's autograder results.json (the subset dsgrade fills). */
export interface GradescopeResults {
  score: number;
  max_score: number;
  execution_time: number;
  output: string;
  /** Who sees what run_autograder printed: only the instructor (it may name hidden tests). */
  stdout_visibility: 'hidden' | 'visible' | 'after_due_date' | 'after_published';
  tests: GradescopeTest[];
}

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output: string;
  visibility: 'visible' | 'hidden' | 'after_due_date' | 'after_published';
  tags: string[];
}

function testOutput(t: TestGrade): string {
  if (t.status === 'passed') return t.description;
  const label = statusLabel(t);
  const lines = [`${label[0]!.toUpperCase()}${label.slice(1)}${t.status === 'unknown' ? ` (${t.score}/${t.maxScore} points)` : ''}: ${t.message ?? ''}`];
  if (t.where !== null) lines.push(`at ${t.where}`);
  if (t.seed !== null) lines.push(`seed ${t.seed}`);
  if (t.path !== null) lines.push(`path ${t.path}`);
  if (t.replay !== null) lines.push(`replay: ${t.replay}`);
  if (t.output !== '') lines.push('', 'output of your code:', t.output);
  return lines.join('\n');
}

export function toGradescope(r: GradeReport): GradescopeResults {
  const compile = r.compile.ok ? '' : 'Compile errors:\n' + r.compile.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n');
  return {
    score: r.score,
    max_score: r.maxScore,
    execution_time: Math.round(r.wallMs / 1000),
    output: compile || `${r.assignment.title}: ${scoreText(r)}`,
    stdout_visibility: 'hidden',
    tests: r.tests.map((t) => ({
      name: t.name,
      score: t.score,
      max_score: t.maxScore,
      // Gradescope knows only passed and failed: an unknown result passes when it scores its points.
      status: t.status === 'passed' || (t.status === 'unknown' && t.score === t.maxScore) ? 'passed' : 'failed',
      output: testOutput(t),
      visibility: t.visibility === 'hidden' ? 'after_published' : 'visible',
      tags: [t.group],
    })),
  };
}
