import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { PolicyDocumentKind } from '../../src/analysis/policy-documents';
import { CheckInputs } from '../../src/checks/check-inputs';
import { knownRuleIds, runChecks } from '../../src/checks/run-checks';

function file(name: string, text: string): string {
  const p = path.join(mkdtempSync(path.join(tmpdir(), 'check-inputs-')), name);
  writeFileSync(p, text);
  return p;
}

function findingsOf(inputs: CheckInputs) {
  return runChecks(inputs.templates, { enabled: new Set(knownRuleIds()), levels: new Map() });
}

test('a policy document\'s finding points at the line of the value inside the document', () => {
  // GIVEN a repository policy with Resource (AWS's 2019 example shape)
  const text = ['{', '  "Statement": [{', '    "Effect": "Allow",', '    "Principal": {"AWS": "arn:aws:iam::111111111111:root"},',
    '    "Action": "ecr:BatchGetImage",', '    "Resource": "arn:aws:ecr:us-east-1:222222222222:repository/api"', '  }]', '}'].join('\n');
  const inputs = new CheckInputs([file('policy.json', text)], PolicyDocumentKind.REPOSITORY);
  // WHEN
  const finding = findingsOf(inputs).find((f) => f.ruleId === 'invalid-policy-shape')!;
  // THEN
  expect(inputs.positionOf(finding)).toEqual({ file: expect.stringMatching(/policy\.json$/), line: 6 });
});

test('a YAML template: logical ids as paths; JSON-string policies and intrinsics are read', () => {
  // GIVEN (ecs-refarch writes policy documents as JSON strings; parallelcluster-ui writes !Sub lambda.${AWS::URLSuffix})
  const yaml = [
    'Resources:',
    '  Repo:',
    '    Type: AWS::ECR::Repository',
    '    Properties:',
    '      RepositoryPolicyText: \'{"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "ecr:BatchGetImage"}]}\'',
    '  Fn:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: !Sub "lambda.${AWS::URLSuffix}" }',
    '            Action: sts:AssumeRole',
  ].join('\n');
  const inputs = new CheckInputs([file('template.yaml', yaml)]);
  // WHEN
  const findings = findingsOf(inputs);
  // THEN
  const service = findings.find((f) => f.ruleId === 'service-principal-without-source')!;
  expect(service.resource.path).toBe('Repo');
  expect(inputs.positionOf(service)).toEqual({ file: expect.stringMatching(/template\.yaml$/), line: 5 });
});
