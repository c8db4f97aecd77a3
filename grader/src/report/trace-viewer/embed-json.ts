/**
 * Serialises a value for a `<script type="application/json">` element. Student-controlled
 * strings must not be able to end the element (`</script>`), open an HTML comment (`<!--`)
 * that changes how the parser finds the end tag, or break a consumer that evaluates the text
 * as JavaScript (U+2028 / U+2029). Escaping `<`, `>`, `&` and those two separators as JSON
 * unicode escapes keeps the text valid JSON that parses back to the same value.
 */
export function embedJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new Error('embedJson: the value has no JSON form (undefined, a function or a symbol); pass JSON-compatible data');
  }
  return json.replace(/[<>&\u2028\u2029]/g, escapeChar);
}

function escapeChar(char: string): string {
  return '\\u' + char.charCodeAt(0).toString(16).padStart(4, '0');
}
