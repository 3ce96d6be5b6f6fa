// Text inside a Markdown table cell: a `|` would end the cell, so it is escaped. Construct paths,
// principal names and repository patterns may hold one; the matrix, its details and the diff all
// write them into tables or lines read as tables.

/** The text with every `|` escaped, as a one-line Markdown table cell needs it. */
export function escapeCell(text: string): string {
  // most names have none: no new string for them
  return text.includes('|') ? text.replace(/\|/g, '\\|') : text;
}
