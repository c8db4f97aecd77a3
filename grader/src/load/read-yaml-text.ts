import fs from 'node:fs';
import type { LoadError } from '../scenario/index.js';

/** Largest YAML file read; assignment files are a few KB. */
export const YAML_MAX_BYTES = 1_048_576;

/** Byte offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineCol(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Reads a YAML file as text: at most YAML_MAX_BYTES, and well-formed UTF-8 (Node would turn a
 * bad byte into U+FFFD silently). `file` is the name errors carry; `missing` the message when
 * the file cannot be read.
 */
export function readYamlText(absolute: string, file: string, missing: string): { text: string } | { error: LoadError } {
  let bytes: Buffer;
  try {
    const size = fs.statSync(absolute).size;
    if (size > YAML_MAX_BYTES) {
      return { error: { file, line: 1, column: 1, message: `${file} is ${size} bytes; YAML files may be at most ${YAML_MAX_BYTES} bytes` } };
    }
    bytes = fs.readFileSync(absolute);
  } catch {
    return { error: { file, line: 1, column: 1, message: missing } };
  }
  if (bytes.length > YAML_MAX_BYTES) {
    return { error: { file, line: 1, column: 1, message: `${file} is more than ${YAML_MAX_BYTES} bytes; YAML files may be at most that` } };
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const at = lineCol(bytes, bad);
    return { error: { file, ...at, message: `invalid UTF-8 at byte offset ${bad} (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}); save the file as UTF-8` } };
  }
  return { text: bytes.toString('utf8') };
}
