import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrActions, PushableRepository } from '../../src';
import { markdownReport } from '../../src/report/render';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { CAPABILITY_ACTIONS, compareWithOracle, reportOf } from '../helpers/report-oracle';
import { OTHER_ACCOUNT, registryStack, WORKLOAD_ACCOUNT } from '../helpers/scenarios';

// Rows for principals that policies reach without naming them: anyone a NotPrincipal leaves out.
// Each row is checked against the independent evaluator, which models NotPrincipal.

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
      capabilities: [{ capability: 'push', access: 'allowed', needs: 'identity-policy' }],
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
