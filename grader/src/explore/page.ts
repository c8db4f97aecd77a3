import { readFileSync } from 'node:fs';
import { loadViewerAssets } from '../report/trace-viewer/assets.js';

// From grader/dist/src/explore/ up to the repository root.
const DIR = new URL('../../../../templates/explorer/', import.meta.url);

function asset(name: string, closing: string): string {
  const text = readFileSync(new URL(name, DIR), 'utf8');
  if (text.toLowerCase().includes(closing) || text.includes('<!--')) throw new Error(`explorerPage: templates/explorer/${name} contains ${closing} or <!--; it is inlined raw, so remove it`);
  return text;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The explorer's one page: no network resources but its own API. The report's trace viewer
 * (CSS and script) is inlined once; each answer brings a viewer fragment the page mounts.
 */
export function explorerPage(title: string): string {
  const viewer = loadViewerAssets();
  const html = readFileSync(new URL('page.html', DIR), 'utf8');
  return html
    .replace('{{title}}', escapeHtml(title))
    .replace('{{title}}', escapeHtml(title))
    .replace('{{viewerCss}}', () => viewer.css)
    .replace('{{css}}', () => asset('explorer.css', '</style'))
    .replace('{{viewerJs}}', () => viewer.js)
    .replace('{{js}}', () => asset('explorer.js', '</script'));
}
