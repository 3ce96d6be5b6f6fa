import { AccessModel } from '../../src/analysis/access-model';
import { TargetSource, targetsOf } from '../../src/report/targets';
import { ACCOUNT, OTHER_ACCOUNT, policyDocument, REGION, stackTemplate, templateSet } from '../analysis/templates';

// The report's columns: the app's repositories, the repositories outside it that identity policies
// name (imported), the name patterns they name, and the repositories a creation template has ECR
// create; a registry policy of the app applies to every column of its account and Region.

const arn = (account: string, name: string) => `arn:aws:ecr:${REGION}:${account}:repository/${name}`;

function model() {
  return new AccessModel(templateSet(stackTemplate('Registry', {
    Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'team-a/api' } },
    Unnamed: { Type: 'AWS::ECR::Repository' },
    Ci: {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [{
          PolicyName: 'p',
          PolicyDocument: policyDocument(
            { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: [arn(OTHER_ACCOUNT, 'vendor/agent'), arn(ACCOUNT, 'team-b/*'), `arn:aws:ecr:*:${ACCOUNT}:repository/any`] },
            // login names no repository; a Deny gives nothing
            { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: arn(ACCOUNT, 'login-only') },
            { Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: arn(ACCOUNT, 'denied') },
          ),
        }],
      },
    },
    Registry: { Type: 'AWS::ECR::RegistryPolicy', Properties: { PolicyText: policyDocument() } },
    TeamC: { Type: 'AWS::ECR::RepositoryCreationTemplate', Properties: { Prefix: 'team-c', AppliedFor: ['CREATE_ON_PUSH'], RepositoryPolicy: policyDocument() } },
    NoPolicy: { Type: 'AWS::ECR::RepositoryCreationTemplate', Properties: { Prefix: 'team-d', AppliedFor: ['CREATE_ON_PUSH'] } },
  })));
}

test('the columns, in a stable order: the app\'s, then imported, then patterns', () => {
  // WHEN
  const targets = targetsOf(model());
  // THEN
  expect(targets.map((t) => [t.name, t.source, t.displayArn])).toEqual([
    ['Registry/Unnamed', TargetSource.APP, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/\${Unnamed}`],
    ['team-a/api', TargetSource.APP, arn(ACCOUNT, 'team-a/api')],
    ['vendor/agent', TargetSource.IMPORTED, arn(OTHER_ACCOUNT, 'vendor/agent')],
    ['team-b/*', TargetSource.PATTERN, arn(ACCOUNT, 'team-b/*')],
    ['team-c/*', TargetSource.PATTERN, arn(ACCOUNT, 'team-c/*')],
  ]);
});

test('the registry policy of its account and Region, and the creation template whose prefix covers a pattern', () => {
  // WHEN
  const targets = targetsOf(model());
  // THEN
  const byName = new Map(targets.map((t) => [t.name, t]));
  expect(byName.get('team-a/api')?.registry?.policy.resource.logicalId).toBe('Registry');
  expect(byName.get('vendor/agent')?.registry).toBeUndefined();
  expect(byName.get('team-c/*')?.template?.resource.logicalId).toBe('TeamC');
  expect(byName.get('team-b/*')?.template).toBeUndefined();
  // a pattern is evaluated on a name nobody wrote: only a policy pattern that matches any text there covers it
  expect(byName.get('team-b/*')?.arn).not.toBe(byName.get('team-b/*')?.displayArn);
});

test('two columns with the same name are told apart by account and Region', () => {
  // GIVEN
  const registry = stackTemplate('Registry', { Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api' } } });
  const other = stackTemplate('Other', { Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'api' } } }, { account: OTHER_ACCOUNT, region: REGION });
  // WHEN
  const targets = targetsOf(new AccessModel(templateSet(registry, other)));
  // THEN
  expect(targets.map((t) => t.name)).toEqual([`api (${ACCOUNT} ${REGION})`, `api (${OTHER_ACCOUNT} ${REGION})`]);
});
