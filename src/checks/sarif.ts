import { SourcePosition } from './check-inputs';
import { EcrCheckLevel } from './check-level';
import { Finding, qualifiedRuleId, sentence } from './finding';
import { Rule } from './rule';

// SARIF 2.1.0, the format GitHub code scanning and other review tools read, so each finding shows on
// its file and line. https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

/* eslint-disable @typescript-eslint/no-explicit-any */

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/cdk-ecr-access/cdk-ecr-access/blob/main/docs/checks.md';

const SARIF_LEVEL: Record<EcrCheckLevel, string> = {
  [EcrCheckLevel.ERROR]: 'error',
  [EcrCheckLevel.WARNING]: 'warning',
  [EcrCheckLevel.INFO]: 'note',
};

/** The findings as one SARIF log with one run; every rule of the pack is described, found or not. */
export function sarifLog(findings: readonly Finding[], rules: readonly Rule[],
  positionOf: (f: Finding) => SourcePosition | undefined, version: string): any {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk-ecr-access',
          version,
          informationUri: INFORMATION_URI,
          rules: rules.map((r) => ({
            id: qualifiedRuleId(r.id),
            name: r.id,
            shortDescription: { text: plain(r.summary) },
            fullDescription: { text: r.why },
            help: { text: `${r.why} Fix: ${sentence(plain(r.fix))}` },
            defaultConfiguration: { level: SARIF_LEVEL[r.level] },
          })),
        },
      },
      results: findings.map((f) => {
        const position = positionOf(f);
        return {
          ruleId: qualifiedRuleId(f.ruleId),
          ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
          level: SARIF_LEVEL[f.level],
          message: { text: `${f.message} Fix: ${sentence(f.fix)}` },
          locations: [{
            ...(position ? { physicalLocation: { artifactLocation: { uri: fileUri(position.file) }, region: { startLine: position.line } } } : {}),
            logicalLocations: [{ fullyQualifiedName: `${f.resource.path}/${f.location}`, kind: 'resource' }],
          }],
        };
      }),
    }],
  };
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function fileUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function plain(text: string): string {
  return text.replace(/`/g, '');
}
