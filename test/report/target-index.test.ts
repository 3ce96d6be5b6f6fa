import { PolicyKind, readPolicy, ResourceRef, StatementView } from '../../src/analysis/policy-view';
import { Subject, SubjectKind } from '../../src/report/subjects';
import { TargetIndex } from '../../src/report/target-index';
import { Target, TargetSource } from '../../src/report/targets';
import { stackTemplate } from '../analysis/templates';

// The columns a row may have access on, found by index: by ARN, by pattern, and by the principals
// each column's repository policy names; once each, in column order, whatever the order of the asks.

const HOME = '111111111111';
const OTHER = '222222222222';
const ROLE = `arn:aws:iam::${HOME}:role/ci`;
const resource: ResourceRef = { stack: stackTemplate('Registry', {}), logicalId: 'Repo', type: 'AWS::ECR::Repository', path: 'Registry/Repo/Resource' };

function target(name: string, account: string, principal?: object | string): Target {
  const policy = principal
    ? readPolicy(PolicyKind.REPOSITORY, resource, 'Properties/RepositoryPolicyText', { Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', Principal: principal }] })
    : undefined;
  const arn = `arn:aws:ecr:us-east-1:${account}:repository/${name}`;
  return { name, repositoryName: name, arn, displayArn: arn, account, region: 'us-east-1', source: TargetSource.APP, view: { policy } as unknown as Target['view'] };
}

function identityStatement(resourceArn: string): StatementView {
  return readPolicy(PolicyKind.INLINE, resource, 'Properties/PolicyDocument', { Statement: [{ Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: resourceArn }] }).statements[0];
}

const role: Subject = { kind: SubjectKind.ROLE, name: 'role Ci', requester: { arn: ROLE, account: HOME }, context: () => undefined };
const service: Subject = { kind: SubjectKind.SERVICE, name: 'service lambda', requester: { service: 'lambda.amazonaws.com' }, context: () => undefined };

test('the targets picked by ARN, by pattern and by name come back once each, in column order', () => {
  // GIVEN
  const targets = [target('a', HOME), target('b', HOME, { AWS: ROLE }), target('c', HOME), target('team/d', HOME)];
  const index = new TargetIndex(targets);

  // WHEN
  index.begin();
  index.pickArn(targets[3].arn);
  index.pickNamingSubject(role, true);
  index.pickArn(targets[0].arn);
  index.pickCovered(identityStatement(`arn:aws:ecr:us-east-1:${HOME}:repository/team/*`));
  index.pickArn(targets[0].arn);

  // THEN
  expect(index.picks().map((t) => t.name)).toEqual(['a', 'b', 'team/d']);
});

test('each ask starts with nothing picked', () => {
  // GIVEN
  const targets = [target('a', HOME), target('b', HOME)];
  const index = new TargetIndex(targets);
  index.begin();
  index.pickArn(targets[1].arn);

  // WHEN
  index.begin();
  index.pickArn(targets[0].arn);

  // THEN
  expect(index.picks().map((t) => t.name)).toEqual(['a']);
});

test.each([
  ['names the account, in the account', HOME, { AWS: HOME }, false, []],
  ['names the account, outside the app\'s rows', HOME, { AWS: HOME }, true, ['named']],
  ['names everyone, in another account', OTHER, '*', false, []],
  ['names everyone, in the account', HOME, '*', false, ['named']],
  ['names the role, in another account', OTHER, { AWS: ROLE }, false, ['named']],
])('a repository policy that %s: picked for a role of the app only in its own account, or by its ARN', (_, account, principal, external, expected) => {
  // GIVEN
  const index = new TargetIndex([target('named', account, principal)]);

  // WHEN
  index.begin();
  index.pickNamingSubject(role, !external);

  // THEN
  expect(index.picks().map((t) => t.name)).toEqual(expected);
});

test('a service is picked by the repository policies that name it', () => {
  // GIVEN
  const index = new TargetIndex([target('a', HOME, { Service: 'lambda.amazonaws.com' }), target('b', HOME, { Service: 'codebuild.amazonaws.com' })]);

  // WHEN
  index.begin();
  index.pickNamingSubject(service, false);

  // THEN
  expect(index.picks().map((t) => t.name)).toEqual(['a']);
});
