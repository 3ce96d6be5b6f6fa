import { escapeCell } from '../../src/report/markdown-cell';

// A `|` inside a Markdown table cell ends the cell: every one is escaped, and a name without one is
// kept as it is.

test.each([
  ['a plain name', 'team-a/api', 'team-a/api'],
  ['one bar', 'role A|B', 'role A\\|B'],
  ['several bars', '|a|b|', '\\|a\\|b\\|'],
  ['an empty text', '', ''],
])('%s', (_, text, expected) => {
  // WHEN
  const escaped = escapeCell(text);

  // THEN
  expect(escaped).toBe(expected);
});
