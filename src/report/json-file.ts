import { closeSync, openSync, writeSync } from 'fs';

// The report's JSON file is a megabyte for a few hundred principals. Made as one string, V8 builds
// it in parts, copies them into one flat string of that size to write it (and another for the
// final newline), each in memory of its own: about half of the file's cost. Written a few dozen
// entries at a time, each piece is small and written as it is made; the file is the same, byte
// for byte, as `JSON.stringify(value, undefined, 2)` and a newline.

// entries of a top-level list per piece: tens of kilobytes for the report's principals and cells;
// each write is measured by aws-cdk-lib (a few microseconds): fewer, larger pieces
const ENTRIES_PER_PIECE = 100;

/** Writes `value` (a plain object) to `file` exactly as `${JSON.stringify(value, undefined, 2)}\n`. */
export function writeJsonFile(file: string, value: object): void {
  const fd = openSync(file, 'w');
  try {
    let first = true;
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      // JSON.stringify leaves out what has no JSON form
      if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
      writeSync(fd, `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `);
      first = false;
      if (Array.isArray(field) && field.length > ENTRIES_PER_PIECE) {
        writeSync(fd, '[');
        for (let i = 0; i < field.length; i += ENTRIES_PER_PIECE) {
          // the entries as the whole document indents them: inside a one-field object, cut out of it
          // (the comma on its own: joined to the piece, the piece would be copied once more)
          if (i > 0) writeSync(fd, ',');
          writeSync(fd, fieldText(key, field.slice(i, i + ENTRIES_PER_PIECE)).slice(1, -'\n  ]'.length));
        }
        writeSync(fd, '\n  ]');
      } else {
        writeSync(fd, fieldText(key, field));
      }
    }
    writeSync(fd, first ? '{}\n' : '\n}\n');
  } finally {
    closeSync(fd);
  }
}

/** The field's value as the whole document writes it (indented as a field of the top level). */
function fieldText(key: string, field: unknown): string {
  const text = JSON.stringify({ [key]: field }, undefined, 2);
  return text.slice(`{\n  ${JSON.stringify(key)}: `.length, -'\n}'.length);
}
