// The renderers of a GradeReport (and of a trace): the export list of grader/src/report.
export { consoleHeader, consoleSummary, consoleTestLines, renderConsole } from './console.js';
export type { ConsoleOptions } from './console.js';
export { toGradescope } from './gradescope.js';
export type { GradescopeResults, GradescopeTest } from './gradescope.js';
export { renderHtml } from './html.js';
export { toJUnit } from './junit.js';
export { renderTraceText } from './trace-text.js';
export type { TraceTextOptions } from './trace-text.js';
export { renderTraceViewer } from './trace-viewer/index.js';
export type { ViewerTrace } from './trace-viewer/index.js';
export type { TraceViewerInput } from './trace-viewer/index.js';
export { templatesDir } from './templates-dir.js';
