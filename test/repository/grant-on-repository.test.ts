import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CiProvider, EcrActions, EcrCiPrincipal, PushableRepository } from '../../src';
import { grantOnRepository } from '../../src/repository/grant-on-repository';
import { SynthesizedApp } from '../helpers/assembly';
import { PULL, PUSH } from '../helpers/expected-actions';
import { AccessOracle } from '../helpers/oracle';
import { CI_ACCOUNT, logicalIdOf, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

describe('grantOnRepository', () => {
  test('an imported repository of another account: identity side here, a warning with the repository statement', async () => {
    const app = new App();
    const ci = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const repository = ecr.Repository.fromRepositoryArn(ci, 'Shared', `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/base/node`);
    const role = new iam.Role(ci, 'Builder', { assumedBy: new iam.AccountRootPrincipal() });
    grantOnRepository(repository, role, [...EcrActions.LOGIN, ...EcrActions.PULL]);

    const template = Template.fromStack(ci);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('EcrLoginPolicy'),
      PolicyDocument: { Statement: [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }] },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('DefaultPolicy'),
      PolicyDocument: { Statement: [{ Action: PULL, Effect: 'Allow', Resource: `arn:aws:ecr:${REGION}:${REGISTRY_ACCOUNT}:repository/base/node` }] },
    });
    const warnings = Annotations.fromStack(ci).findWarning('/Ci/Shared', Match.stringLikeRegexp('cdk-ecr-access:repositoryPolicyRequired'));
    expect(warnings).toHaveLength(1);
    const message = warnings[0].entry.data as string;
    const statement = JSON.parse(message.slice(message.indexOf('{'), message.lastIndexOf('}') + 1)).Statement[0];
    expect(statement).toMatchObject({ Action: PULL, Effect: 'Allow' });
    expect(statement).not.toHaveProperty('Resource');

    // the evaluator: denied until the owner adds that statement, allowed once it is there
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const principal = oracle.principal(role);
    const withoutPolicy = oracle.externalRepository(repository.repositoryArn);
    const principalJson = oracle.synthesized.resolve(oracle.synthesized.stackOf(ci), ci.resolve(role.roleArn));
    const withPolicy = oracle.externalRepository(repository.repositoryArn, {
      Version: '2012-10-17',
      Statement: [{ ...statement, Principal: { AWS: principalJson } }],
    });
    for (const action of PULL) {
      await expect(oracle.decide(principal, action, withoutPolicy)).resolves.toBe('ImplicitlyDenied');
      await expect(oracle.decide(principal, action, withPolicy)).resolves.toBe('Allowed');
    }
  });

  test('an imported repository of the same account: identity side only, no warning', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = ecr.Repository.fromRepositoryName(stack, 'Existing', 'legacy/app');
    const role = new iam.Role(stack, 'Builder', { assumedBy: new iam.AccountRootPrincipal() });
    grantOnRepository(repository, role, [...EcrActions.LOGIN, ...EcrActions.PUSH]);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' })] } });
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: PUSH })] } });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a PushableRepository writes through its own login-aware grant', () => {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Repo');
    const role = new iam.Role(stack, 'Builder', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = grantOnRepository(repository, role, [...EcrActions.LOGIN, ...EcrActions.PULL]);
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: 'ecr:GetAuthorizationToken', Resource: '*' })] } });
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: [Match.objectLike({ Action: PULL })] } });
  });

  test('a plain ecr.Repository of the app and a role of another account with a fixed name: the policy names the role, not its tag (sweep seed 314)', async () => {
    // GIVEN: an EcrCiPrincipal with a roleName in the CI account pulls a plain repository of the registry account
    const app = new App();
    const registry = registryStack(app);
    const ciStack = new Stack(app, 'Ci', { env: { account: CI_ACCOUNT, region: REGION } });
    const repository = new ecr.Repository(registry, 'Plain', { repositoryName: 'named/r2' });
    const ci = new EcrCiPrincipal(ciStack, 'Ci', { provider: CiProvider.codeBuild(), roleName: 'ci-role-1' });

    // WHEN
    ci.allowPull(repository);

    // THEN
    const statements = Template.fromStack(registry).toJSON().Resources[logicalIdOf(repository)].Properties.RepositoryPolicyText.Statement;
    expect(statements).toEqual([expect.objectContaining({
      Action: PULL,
      Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${CI_ACCOUNT}:role/ci-role-1`]] } } },
    })]);
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const role = oracle.principal(ci.role);
    const repo = oracle.repository(repository);
    // another role of the CI account carrying the CI role's tags, with every ECR action in its own policy
    const impostor = { ...role, arn: `arn:aws:iam::${CI_ACCOUNT}:role/impostor`, identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }] }] };
    for (const action of PULL) {
      await expect(oracle.decide(role, action, repo)).resolves.toBe('Allowed');
      await expect(oracle.decide(impostor, action, repo)).resolves.toBe('ImplicitlyDenied');
    }
    await expect(oracle.decide(role, 'ecr:PutImage', repo)).resolves.toBe('ImplicitlyDenied');
  });
});
