import { writeFileSync } from 'fs';
import * as path from 'path';
import { AccessDiffJson } from './diff';
import { markdownDiff } from './diff-render';
import { writeJsonFile } from './json-file';
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

/** Writes the report files (those of {@link renderReportFiles}) into the directory; returns their paths. */
export function writeReportFiles(report: AccessReportJson, directory: string): string[] {
  const json = path.join(directory, `${REPORT_FILE_NAME}.json`);
  const markdown = path.join(directory, `${REPORT_FILE_NAME}.md`);
  writeJsonFile(json, report);
  writeFileSync(markdown, markdownReport(report));
  return [json, markdown];
}

/** The base name of the diff files, written when the report is given a base report. */
export const DIFF_FILE_NAME = 'ecr-access-diff';

/** The diff files by name: the JSON for pipelines, the Markdown to post as a pull-request comment. */
export function renderDiffFiles(diff: AccessDiffJson): Record<string, string> {
  return {
    [`${DIFF_FILE_NAME}.json`]: `${JSON.stringify(diff, undefined, 2)}\n`,
    [`${DIFF_FILE_NAME}.md`]: `${markdownDiff(diff)}\n`,
  };
}
