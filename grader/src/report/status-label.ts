import type { TestGrade } from '../grade/index.js';

/** A test's status in words for every renderer: "failed", "limit", "unknown", "student error", ... */
export function statusLabel(t: Pick<TestGrade, 'status' | 'errorSource'>): string {
  return t.status === 'error' && t.errorSource !== null ? `${t.errorSource} error` : t.status;
}
