import { App } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { EcrActions, PushableRepository } from '../../src';
import { markdownReport } from '../../src/report/render';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CAPABILITY_ACTIONS, compareWithOracle, reportOf } from '../helpers/report-oracle';
import { OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Rows for principals that policies reach without naming them: anyone a NotPrincipal leaves out,
// and an AWS service with no aws:SourceAccount / aws:SourceArn (acting for any account). Each row
// is checked against the independent evaluator, which models both.

describe('Allow with NotPrincipal: a row for everyone it does not name', () => {
  function notPrincipalApp() {
    const app = new App();
    const stack = registryStack(app);
    const repository = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
    repository.addToResourcePolicy(new iam.PolicyStatement({
      notPrincipals: [new iam.AccountPrincipal(WORKLOAD_ACCOUNT)], actions: EcrActions.PUSH,
    }));
    return { app, repository };
  }

  test('the report shows push open to anyone but the named account, pending their own identity policy', () => {
    // GIVEN
    const { app } = notPrincipalApp();
    // WHEN
    const report = reportOf(app);
    // THEN
    expect(report.principals.map((p) => [p.name, p.kind, p.except])).toEqual([
      [`anyone except arn:aws:iam::${WORKLOAD_ACCOUNT}:root`, 'anyone', [`arn:aws:iam::${WORKLOAD_ACCOUNT}:root`]],
    ]);
    expect(report.access).toEqual([expect.objectContaining({
      principal: `anyone except arn:aws:iam::${WORKLOAD_ACCOUNT}:root`,
      repository: 'team-a/api',
      capabilities: [{
        capability: 'push',
        access: 'allowed',
        needs: 'identity-policy',
        grantedBy: [{ side: 'repository-policy', stack: 'Registry', path: 'Registry/Api', policy: 'repository policy', statement: 0 }],
      }],
    })]);
    expect(markdownReport(report)).toContain(`| anyone except arn:aws:iam::${WORKLOAD_ACCOUNT}:root | (L) | (W) |`);
  });

  test('the evaluator agrees: a stranger with its own grant pushes, the named account does not, roles of the app as the report says', async () => {
    // GIVEN
    const { app, repository } = notPrincipalApp();
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const asked = (account: string) => oracle.external(`arn:aws:iam::${account}:role/pusher`, [oracle.document(repository.stack, new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: EcrActions.PUSH, resources: [repository.repositoryArn] })],
    }))]);
    // WHEN
    const stranger = await oracle.decide(asked(OTHER_ACCOUNT), 'ecr:PutImage', oracle.repository(repository));
    const named = await oracle.decide(asked(WORKLOAD_ACCOUNT), 'ecr:PutImage', oracle.repository(repository));
    const comparison = await compareWithOracle(app, { actions: CAPABILITY_ACTIONS });
    // THEN
    expect([stranger, named]).toEqual(['Allowed', 'ImplicitlyDenied']);
    expect(comparison.mismatches).toEqual([]);
    expect(comparison.pairs).toBeGreaterThan(1);
  });
});

describe('a service principal with no source condition: a row for the service acting for any account', () => {
  function servicesApp() {
    const app = new App();
    const stack = registryStack(app);
    // aws-cdk-lib's own Lambda grant (no condition) beside this library's allowLambdaPull (conditioned)
    const plain = new ecr.Repository(stack, 'Plain', { repositoryName: 'plain/fn' });
    new lambda.DockerImageFunction(stack, 'Fn', { code: lambda.DockerImageCode.fromEcr(plain) });
    const pinned = new PushableRepository(stack, 'Pinned', { repositoryName: 'pinned/fn' });
    pinned.allowLambdaPull({ accounts: [REGISTRY_ACCOUNT], functionNamePattern: 'api-*' });
    return { app, plain, pinned };
  }

  test('the JSON says forAnyAccount, the Markdown marks it and says why', () => {
    // GIVEN
    const { app } = servicesApp();
    // WHEN
    const report = reportOf(app);
    const markdown = markdownReport(report);
    // THEN
    const pair = (repository: string) => report.access.find((a) => a.principal === 'service lambda.amazonaws.com' && a.repository === repository);
    expect(pair('plain/fn')?.capabilities).toEqual([{
      capability: 'pull',
      access: 'allowed',
      forAnyAccount: true,
      grantedBy: [{ side: 'repository-policy', stack: 'Registry', path: 'Registry/Plain', policy: 'repository policy', statement: 0 }],
    }]);
    expect(pair('pinned/fn')?.capabilities).toEqual([expect.objectContaining({ capability: 'pull', access: 'conditional' })]);
    expect(pair('pinned/fn')?.capabilities[0].forAnyAccount).toBeUndefined();
    expect(markdown).toContain('| service lambda.amazonaws.com |  | R? | R! |');
    expect(markdown).toContain('- service lambda.amazonaws.com → plain/fn: R for any account (no aws:SourceAccount or aws:SourceArn condition names whom the service acts for)');
    expect(markdown).toContain('X! wider than a condition reads');
  });

  test('the evaluator agrees: Lambda acting for another account pulls the plain repository, not the pinned one', async () => {
    // GIVEN
    const { app, plain, pinned } = servicesApp();
    const oracle = new AccessOracle(new SynthesizedApp(app));
    const lambdaService = oracle.external('lambda.amazonaws.com');
    const actingFor = { 'aws:SourceAccount': OTHER_ACCOUNT, 'aws:SourceArn': `arn:aws:lambda:${REGION}:${OTHER_ACCOUNT}:function:api-theirs` };
    // WHEN
    const decisions = await Promise.all([plain, pinned].map((r) => oracle.decide(lambdaService, 'ecr:BatchGetImage', oracle.repository(r), actingFor)));
    const comparison = await compareWithOracle(app, { actions: CAPABILITY_ACTIONS });
    // THEN
    expect(decisions).toEqual(['Allowed', 'ImplicitlyDenied']);
    expect(comparison.mismatches).toEqual([]);
  });

  test('the comparison can fail: a report that calls the pinned statement "for any account" is caught', async () => {
    // GIVEN
    const { app } = servicesApp();
    const report = reportOf(app);
    const tampered = {
      ...report,
      access: report.access.map((a) => (a.repository === 'pinned/fn' ? { ...a, actions: a.actions.map((g) => ({ ...g, forAnyAccount: true })) } : a)),
    };
    // WHEN
    const caught = await compareWithOracle(app, { report: tampered, actions: CAPABILITY_ACTIONS });
    // THEN
    expect(caught.mismatches).toContainEqual(expect.stringMatching(
      /^ecr:BatchGetImage by service lambda.amazonaws.com on pinned\/fn: acting for an account nobody named: the report says allowed, the evaluator ImplicitlyDenied$/));
  });
});
