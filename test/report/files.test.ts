import { EcrAccessReport } from '../../src';
import { renderReportFiles, REPORT_FILE_NAME } from '../../src/report/files';
import { markdownReport } from '../../src/report/render';
import { AccessReportJson, REPORT_FORMAT } from '../../src/report/report-data';

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
