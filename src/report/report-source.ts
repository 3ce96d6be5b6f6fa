import { statSync } from 'fs';
import { AccessReportJson, accessReportOf, READABLE_REPORT_FORMATS } from './report-data';
import { readAssemblyFiles, readJsonFile } from '../analysis/assembly-files';
import { templatesFromAssembly } from '../analysis/assembly-templates';

// One side of a diff: a cloud assembly directory (the report is made from its templates) or an
// access report JSON written earlier (the base of a pull request, kept from the main branch's build).

/** A report read from one side, or why none could be made; `incomplete` names what it does not cover. */
export type ReportSource =
  | { readonly report: AccessReportJson; readonly incomplete: readonly string[]; readonly error?: undefined }
  | { readonly report?: undefined; readonly incomplete?: undefined; readonly error: string };

export function readReportSource(where: string): ReportSource {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(where).isDirectory();
  } catch {
    return { error: `'${where}' does not exist: name a cloud assembly directory or an access report JSON file` };
  }
  return isDirectory ? fromAssembly(where) : fromJson(where);
}

function fromAssembly(dir: string): ReportSource {
  const files = readAssemblyFiles(dir);
  if (files === undefined) return { error: `'${dir}' holds no cloud assembly (no manifest.json); run \`cdk synth\` first, or name the directory` };
  if (files.templatePaths.length === 0 && files.problems.length > 0) return { error: `no report of '${dir}': ${files.problems.join('; ')}` };
  const report = accessReportOf(templatesFromAssembly(files.templatePaths));
  return { report, incomplete: [...files.problems, ...report.notes] };
}

function fromJson(file: string): ReportSource {
  const read = readJsonFile(file);
  if (read.error !== undefined) return { error: read.error };
  const report = read.json as Partial<AccessReportJson> | null;
  const format = report && typeof report === 'object' ? report.format : undefined;
  if (typeof format !== 'string' || !READABLE_REPORT_FORMATS.includes(format)) {
    return { error: `${file} is not an access report (its format is ${JSON.stringify(format)}; expected one of ${READABLE_REPORT_FORMATS.join(', ')}): write one with \`cdk-ecr-access report --json\` or EcrAccessReport` };
  }
  if (![report!.principals, report!.repositories, report!.access].every(Array.isArray)) {
    return { error: `${file} is not a whole access report: principals, repositories and access must be lists` };
  }
  const full = { notes: [], ...report } as AccessReportJson;
  return { report: full, incomplete: full.notes };
}
