import { App, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { PolicySizer } from '../../src/policy/policy-size';
import { SynthesizedApp } from '../helpers/assembly';

// The sizer counts what IAM counts (the JSON without whitespace) with every deploy-time value at the
// longest text it can become: never less than the deployed policy, exact when nothing is left to deploy time.

const longest = (values: Array<string | undefined>): string => values.reduce<string>((a, b) => ((b ?? '').length > a.length ? b! : a), '');
const LONGEST_PARTITION = longest(RegionInfo.regions.map((r) => r.partition));
const LONGEST_REGION = longest(RegionInfo.regions.map((r) => r.name));

describe('deploy-time values at their longest', () => {
  const app = new App();
  const agnostic = new Stack(app, 'Agnostic');
  const sizer = PolicySizer.of(agnostic);

  test('partition, region and account of an env-agnostic stack', () => {
    expect(LONGEST_PARTITION).toBe('aws-us-gov');
    const arn = agnostic.formatArn({ service: 'ecr', resource: 'repository', resourceName: 'base/node' });
    expect(sizer.size(arn)).toBe(JSON.stringify(`arn:${LONGEST_PARTITION}:ecr:${LONGEST_REGION}:123456789012:repository/base/node`).length);
  });

  test('a named repository\'s ARN and name; an unnamed one at the longest name ECR allows', () => {
    const named = new ecr.Repository(agnostic, 'Named', { repositoryName: 'team-a/api' });
    const unnamed = new ecr.Repository(agnostic, 'Unnamed');
    const prefix = `arn:${LONGEST_PARTITION}:ecr:${LONGEST_REGION}:123456789012:repository/`;
    expect(sizer.size(named.repositoryArn)).toBe(JSON.stringify(`${prefix}team-a/api`).length);
    expect(sizer.size(named.repositoryName)).toBe(JSON.stringify('team-a/api').length);
    expect(sizer.size(unnamed.repositoryArn)).toBe(2 + prefix.length + 256);
  });

  test('a role\'s ARN with its path and name; a generated name at IAM\'s 64 characters', () => {
    const named = new iam.Role(agnostic, 'NamedRole', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'ci', path: '/ci/' });
    const unnamed = new iam.Role(agnostic, 'UnnamedRole', { assumedBy: new iam.AccountRootPrincipal() });
    expect(sizer.size(named.roleArn)).toBe(JSON.stringify(`arn:${LONGEST_PARTITION}:iam::123456789012:role/ci/ci`).length);
    expect(sizer.size(unnamed.roleArn)).toBe(JSON.stringify(`arn:${LONGEST_PARTITION}:iam::123456789012:role/`).length + 64);
  });

  test('statements that differ only in a reference stay two statements (aws-cdk-lib drops equal ones)', () => {
    const a = new ecr.Repository(agnostic, 'A', { repositoryName: 'team-a/aaa' });
    const b = new ecr.Repository(agnostic, 'B', { repositoryName: 'team-a/bbb' });
    const one = new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['ecr:PutImage'], resources: [a.repositoryArn] })] });
    const two = new iam.PolicyDocument({ statements: [a, b].map((r) => new iam.PolicyStatement({ actions: ['ecr:PutImage'], resources: [r.repositoryArn] })) });
    const statement = sizer.size(one) - JSON.stringify({ Statement: [], Version: '2012-10-17' }).length;
    expect(sizer.size(two)).toBe(sizer.size(one) + statement + 1);
  });
});

describe('compared with the deployed policy', () => {
  function build(env?: { account: string; region: string }) {
    const app = new App();
    const stack = new Stack(app, 'Registry', { env });
    const repository = new ecr.Repository(stack, 'Api', { repositoryName: 'team-a/api' });
    const imported = ecr.Repository.fromRepositoryName(stack, 'Base', 'base/node');
    const role = new iam.Role(stack, 'Ci', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'platform-ci' });
    repository.grantPush(role);
    imported.grantPull(role);
    repository.grantPull(new iam.AccountPrincipal('222222222222'));
    const policy = role.node.findChild('DefaultPolicy') as iam.Policy;
    const estimate = PolicySizer.of(stack).size(policy.document);
    const synthesized = new SynthesizedApp(app);
    const info = synthesized.stackOf(stack);
    const deployed = JSON.stringify(synthesized.resolve(info, synthesized.resources('AWS::IAM::Policy')[0].resource.Properties.PolicyDocument)).length;
    return { estimate, deployed };
  }

  test('a stack with its account and region: exact', () => {
    const { estimate, deployed } = build({ account: '111111111111', region: 'us-east-1' });
    expect(estimate).toBe(deployed);
  });

  test('an env-agnostic stack: never less; more by the longest partition and region in each ARN', () => {
    const { estimate, deployed } = build();
    // two repository ARNs, each with a partition and a region that us-east-1 / aws write shorter
    expect(estimate - deployed).toBe(2 * (LONGEST_PARTITION.length - 'aws'.length + LONGEST_REGION.length - 'us-east-1'.length));
  });
});
