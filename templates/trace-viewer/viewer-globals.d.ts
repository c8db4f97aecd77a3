// Lets `tsc --checkJs` (the viewer's lint, run by grader/test/trace-viewer-lint.spec.ts)
// know the one global viewer.js defines.
interface Window {
  dsgradeTraceViewer?: { mount(root: HTMLElement): void };
}
