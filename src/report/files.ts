import { markdownReport } from './render';
import { AccessReportJson } from './report-data';

/** The base name of the report files in the cloud assembly. */
export const REPORT_FILE_NAME = 'ecr-access-report';

/** The report files by name: the JSON for tools and diffs, the Markdown for reviewers. */
export function renderReportFiles(report: AccessReportJson): Record<string, string> {
  return {
    [`${REPORT_FILE_NAME}.json`]: `${JSON.stringify(report, undefined, 2)}\n`,
    [`${REPORT_FILE_NAME}.md`]: markdownReport(report),
  };
}
