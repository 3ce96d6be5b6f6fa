import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { corpusEntry } from './corpus';
import { RULES } from '../../src/checks/rule-pack';
import { runCommand } from '../helpers/command';

// SARIF 2.1.0 as GitHub code scanning reads it, validated against the OASIS schema (vendored under
// test/checks/sarif with its source URL; draft-04 JSON Schema).

function validator() {
  const ajv = new Ajv({ schemaId: 'id', allErrors: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
  return ajv.compile(JSON.parse(readFileSync(path.join(__dirname, 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
}

function sarifOf(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'check-sarif-'));
  const paths = Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  });
  const run = runCommand(['check', '--format', 'sarif', ...paths]);
  return { run, log: JSON.parse(run.out), paths };
}

test('findings on two files: a valid SARIF 2.1.0 log, each result on its file and line', () => {
  // GIVEN the workshop template (a stray InitiateLayerUpload) and AWS's 2019 IP-limited repository policy
  const yaml = corpusEntry('aws-workshop-codebuild-role-partial-push').yaml!;
  const policy = JSON.stringify(corpusEntry('awsdocs-ecr-ip-allow-2019-11').policy, undefined, 2);
  // WHEN
  const { run, log, paths } = sarifOf({ 'core.yml': yaml, 'repository-policy.json': policy });
  // THEN
  const validate = validator();
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  expect(run.code).toBe(1);
  const results = log.runs[0].results;
  expect(results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri.split('/').pop()])).toEqual([
    ['cdk-ecr-access:incomplete-push', 'error', 'core.yml'],
    ['cdk-ecr-access:public-principal-without-condition', 'error', 'repository-policy.json'],
    ['cdk-ecr-access:ecr-wildcard-without-condition', 'warning', 'repository-policy.json'],
    // both aws:SourceIp lists (NotIpAddress, IpAddress) are IPv4 only
    ['cdk-ecr-access:ipv4-only-source-ip', 'warning', 'repository-policy.json'],
    ['cdk-ecr-access:ipv4-only-source-ip', 'warning', 'repository-policy.json'],
  ]);
  const principalLine = policy.split('\n').findIndex((l) => l.includes('"AWS": "*"') || l.includes('"Principal": "*"')) + 1;
  expect(results[1].locations[0].physicalLocation.region.startLine).toBe(principalLine);
  expect(paths).toHaveLength(2);
});

test('every rule of the pack is described, with its default level', () => {
  // WHEN
  const { log } = sarifOf({ 'clean.json': JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }] }) });
  // THEN
  expect(validator()(log)).toBe(true);
  expect(log.runs[0].results).toEqual([]);
  expect(log.runs[0].tool.driver.rules.map((r: any) => [r.name, r.defaultConfiguration.level])).toEqual(
    RULES.map((r) => [r.id, r.level === 'info' ? 'note' : r.level]));
});

test('the schema check can fail: a log without a version is refused', () => {
  expect(validator()({ runs: [] })).toBe(false);
});
