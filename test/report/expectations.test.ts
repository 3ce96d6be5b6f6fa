import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcrAccessReport, EcrCapability, PushableRepository } from '../../src';

// Access as a tested contract: `report.expect(principal, repository, capabilities)` fails the synth
// (both ways of running the report) when the computed access differs, naming what differs.

const { LOGIN, PULL, PUSH, CREATE } = EcrCapability;

function smallApp() {
  const app = new App();
  const stack = new Stack(app, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
  const api = new PushableRepository(stack, 'Api', { repositoryName: 'team-a/api' });
  const puller = new iam.Role(stack, 'Puller', { assumedBy: new iam.AccountRootPrincipal() });
  api.grantPull(puller);
  api.allowAccountPull('222222222222');
  api.allowLambdaPull();
  const imported = ecr.Repository.fromRepositoryName(stack, 'Base', 'base/node');
  return { app, stack, api, puller, imported };
}

describe('as an Aspect', () => {
  test('expectations that hold: synth passes', () => {
    const { app, api, puller, imported } = smallApp();
    const report = new EcrAccessReport();
    report.expect(puller, api, [LOGIN, PULL]);
    report.expect(new iam.AccountPrincipal('222222222222'), api, [LOGIN, PULL]);
    report.expectPrincipal('222222222222', api, [PULL, LOGIN]);
    report.expectPrincipal('lambda.amazonaws.com', api, [PULL]);
    report.expect(new iam.ServicePrincipal('lambda.amazonaws.com'), api, [PULL]);
    // nothing grants on the imported repository, and nobody else is named
    report.expect(puller, imported, [LOGIN]);
    report.expectPrincipal('arn:aws:iam::999999999999:role/other', api, []);
    Aspects.of(app).add(report);
    expect(() => app.synth()).not.toThrow();
  });

  test('expectations that do not hold: synth fails with every difference', () => {
    const { app, api, puller } = smallApp();
    const report = new EcrAccessReport();
    report.expect(puller, api, [LOGIN, PUSH]);
    report.expectPrincipal('o-a1b2c3d4e5', api, []);
    report.expectPrincipal('222222222222', api, [CREATE]);
    Aspects.of(app).add(report);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("[EcrAccessReport] Expected login, push for role Registry/Puller on repository 'team-a/api'; the policies give login, pull. Not expected: pull. Missing: push.");
    expect(message).toContain("[EcrAccessReport] Expected create for account 222222222222 on repository 'team-a/api'; "
      + 'the policies give login (cross-account: needs the identity policy outside this app), pull (cross-account: needs the identity policy outside this app). '
      + 'Not expected: login, pull. Missing: create.');
    // the organization is named nowhere: expecting no access of it holds
    expect(message).not.toContain('o-a1b2c3d4e5');
  });
});

test('as a validation plugin: unmet expectations are violations', () => {
  const { app, api, puller } = smallApp();
  const assembly = app.synth();
  const report = new EcrAccessReport();
  report.expect(puller, api, [LOGIN, PULL]);
  report.expectPrincipal('lambda.amazonaws.com', api, []);
  const result = report.validate({ templatePaths: assembly.stacks.map((s) => path.resolve(s.templateFullPath)), appConstruct: app });
  expect(result.success).toBe(false);
  expect(result.violations.map((v) => v.description)).toEqual([
    "[EcrAccessReport] Expected no ECR access for service lambda.amazonaws.com on repository 'team-a/api'; "
    + 'the policies give pull (if aws:SourceArn matches arn:aws:lambda:us-east-1:111111111111:function:* and aws:SourceAccount is 111111111111). Not expected: pull.',
  ]);
});

describe('bad input: every problem at once, with the fix', () => {
  test('capabilities that do not exist, and no repository', () => {
    const { puller } = smallApp();
    expect(() => new EcrAccessReport().expect(puller, undefined as unknown as ecr.IRepository, ['pul' as EcrCapability, PUSH]))
      .toThrow(/repository.*is not an ECR repository[\s\S]*capabilities\[0\].*'pul'.*is not a capability.*use one of EcrCapability: login, pull, push, create, delete, admin/);
  });

  test('an empty principal', () => {
    const { api } = smallApp();
    expect(() => new EcrAccessReport().expectPrincipal(' ', api, [])).toThrow(/principal.*is empty.*pass an ARN, an account id/);
  });
});
