/**
 * Characters that change how a line reads without being seen: bidi embeddings, overrides and
 * isolates (U+202A–202E, U+2066–2069, marks U+200E/200F/061C), zero-width and other invisible
 * formatting characters, line/paragraph separators. In student text they are shown as
 * \uXXXX in every renderer (console, JUnit, HTML), so "grade: 0" cannot read as "0 :edarg".
 */
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb]/g;

const hex = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with bidi controls and invisible characters written as \uXXXX. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, hex);
}
