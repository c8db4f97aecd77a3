import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { templatesDir } from '../templates-dir.js';

/**
 * The viewer's browser assets, read from templates/trace-viewer/ (real, lintable files) and
 * inlined at render time so the report is one file that needs no network.
 */
export interface ViewerAssets {
  css: string;
  js: string;
  fragment: Handlebars.TemplateDelegate;
  page: Handlebars.TemplateDelegate;
}

let cached: ViewerAssets | undefined;

export function loadViewerAssets(): ViewerAssets {
  cached ??= {
    css: readInlineAsset('viewer.css', '</style'),
    js: readInlineAsset('viewer.js', '</script'),
    fragment: compile('viewer.hbs'),
    page: compile('page.hbs'),
  };
  return cached;
}

function read(name: string): string {
  return readFileSync(new URL(name, templatesDir('trace-viewer')), 'utf8');
}

function readInlineAsset(name: string, closingTag: string): string {
  const text = read(name);
  // The asset is pasted inside <style> / <script>; this text would end that element early.
  if (text.toLowerCase().includes(closingTag) || text.includes('<!--')) {
    throw new Error(`loadViewerAssets: templates/trace-viewer/${name} contains ${closingTag} or <!--; it is inlined raw, so remove it`);
  }
  return text;
}

function compile(name: string): Handlebars.TemplateDelegate {
  return Handlebars.compile(read(name), { strict: true });
}
