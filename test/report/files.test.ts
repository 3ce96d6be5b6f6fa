import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { platformApp } from './platform-app';
import { EcrAccessReport } from '../../src';
import { renderReportFiles, REPORT_FILE_NAME, writeReportFiles } from '../../src/report/files';
import { markdownReport } from '../../src/report/render';
import { AccessReportJson, REPORT_FORMAT } from '../../src/report/report-data';
import { reportOf } from '../helpers/report-oracle';

// The two files the report writes into the cloud assembly: JSON for tools and diffs, Markdown for
// reviewers.

test('ecr-access-report.json and ecr-access-report.md, named as the public constant says', () => {
  // GIVEN
  const report: AccessReportJson = { format: REPORT_FORMAT, principals: [], repositories: [], access: [], notes: [] };
  // WHEN
  const files = renderReportFiles(report);
  // THEN
  expect(EcrAccessReport.FILE_NAME).toBe(REPORT_FILE_NAME);
  expect(Object.keys(files)).toEqual(['ecr-access-report.json', 'ecr-access-report.md']);
  expect(JSON.parse(files['ecr-access-report.json'])).toEqual(report);
  expect(files['ecr-access-report.json'].endsWith('}\n')).toBe(true);
  expect(files['ecr-access-report.md']).toBe(markdownReport(report));
});

test('the files written into the directory are the files rendered, byte for byte', () => {
  // GIVEN a report with principals of every kind, conditions and statements behind its cells
  const report = reportOf(platformApp().app);
  const directory = mkdtempSync(path.join(tmpdir(), 'report-files-'));
  try {
    // WHEN
    const written = writeReportFiles(report, directory);
    // THEN
    const rendered = renderReportFiles(report);
    expect(written).toEqual(Object.keys(rendered).map((file) => path.join(directory, file)));
    for (const [file, text] of Object.entries(rendered)) expect(readFileSync(path.join(directory, file), 'utf8')).toBe(text);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
