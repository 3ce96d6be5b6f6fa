import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PolicySizer } from '../../src/policy/policy-size';
import { layOutStatements, packResourceStatements, StatementPacker } from '../../src/policy/statement-packer';

// Packing keeps exactly the (action, resource) pairs the grants asked for; the oracle tests
// (quotas.test.ts, namespaces.test.ts) confirm the access, these pin the shapes.

const arn = (name: string) => `arn:aws:ecr:us-east-1:111111111111:repository/${name}`;

describe('StatementPacker', () => {
  test('each resource once, in one group per distinct action set, groups in first-seen order, sorted inside', () => {
    const packer = new StatementPacker();
    packer.add(['ecr:PutImage', 'ecr:BatchGetImage'], [arn('b'), arn('a')]);
    packer.add(['ecr:BatchGetImage'], [arn('base')]);
    packer.add(['ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], [arn('a')]);
    packer.add(['ecr:BatchGetImage', 'ecr:PutImage'], [arn('c')]);
    expect(packer.groups()).toEqual([
      { actions: ['ecr:BatchGetImage', 'ecr:PutImage'], resources: [arn('b'), arn('c')] },
      { actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage'], resources: [arn('a')] },
      { actions: ['ecr:BatchGetImage'], resources: [arn('base')] },
    ]);
  });

  test.each([
    ['a condition', new iam.PolicyStatement({ actions: ['ecr:PutImage'], resources: ['*'], conditions: { Bool: { 'aws:SecureTransport': 'true' } } })],
    ['a Sid', new iam.PolicyStatement({ sid: 'Named', actions: ['ecr:PutImage'], resources: ['*'] })],
    ['a Deny', new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['ecr:PutImage'], resources: ['*'] })],
    ['NotAction', new iam.PolicyStatement({ notActions: ['ecr:PutImage'], resources: ['*'] })],
    ['NotResource', new iam.PolicyStatement({ actions: ['ecr:PutImage'], notResources: ['*'] })],
  ])('a statement with %s is kept as written', (_name, statement) => {
    expect(StatementPacker.canPack(statement)).toBe(false);
  });
});

describe('layOutStatements', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const sizer = PolicySizer.of(stack);
  const groups = [{ actions: ['ecr:PutImage'], resources: Array.from({ length: 30 }, (_, i) => arn(`team-a/service-${String(i).padStart(2, '0')}`)) }];
  const sizeOf = (statements: iam.PolicyStatement[]) => sizer.size(new iam.PolicyDocument({ statements }));

  test('fills the first policy to its budget, then each further one to its own, splitting a statement by resources', () => {
    const documents = layOutStatements([], groups, sizer, { first: 600, rest: 1_000 });
    expect(documents.length).toBeGreaterThan(2);
    expect(sizeOf(documents[0])).toBeLessThanOrEqual(600);
    for (const document of documents.slice(1)) expect(sizeOf(document)).toBeLessThanOrEqual(1_000);
    // nearly full: the next resource would not have fitted
    expect(sizeOf(documents[1])).toBeGreaterThan(1_000 - 60);
    const listed = documents.flat().flatMap((s) => s.resources);
    expect(listed).toEqual(groups[0].resources);
  });

  test('statements that cannot be packed come first and whole; a first policy without room stays empty', () => {
    const conditional = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'], conditions: { StringEquals: { 'aws:ResourceAccount': '111111111111' } } });
    const documents = layOutStatements([conditional], groups, sizer, { first: 50, rest: 6_144 });
    expect(documents[0]).toEqual([]);
    expect(documents[1][0]).toBe(conditional);
    expect(documents).toHaveLength(2);
  });
});

describe('packResourceStatements', () => {
  const principal = (account: string) => new iam.AccountPrincipal(account);

  test('same actions and conditions: one statement with every principal, Sids dropped; anything else kept apart', () => {
    const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
    const orgCondition = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
    const packed = packResourceStatements([
      new iam.PolicyStatement({ sid: 'A', actions: pull, principals: [principal('111111111111')] }),
      new iam.PolicyStatement({ sid: 'B', actions: [...pull].reverse(), principals: [principal('222222222222')] }),
      new iam.PolicyStatement({ actions: pull, principals: [new iam.StarPrincipal()], conditions: orgCondition }),
      new iam.PolicyStatement({ actions: ['ecr:PutImage'], principals: [principal('111111111111')] }),
    ]);
    const stack = new Stack();
    expect(packed.map((s) => stack.resolve(s.toStatementJson()))).toEqual([
      { Action: pull, Effect: 'Allow', Principal: { AWS: [stack.resolve(principal('111111111111').arn), stack.resolve(principal('222222222222').arn)] } },
      { Action: pull, Effect: 'Allow', Principal: '*', Condition: orgCondition },
      { Action: 'ecr:PutImage', Effect: 'Allow', Principal: { AWS: stack.resolve(principal('111111111111').arn) } },
    ]);
  });
});
