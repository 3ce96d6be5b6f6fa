import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { codeBuildPush } from './ci-scenarios';
import { CiProvider, EcrCiPrincipal } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle } from '../helpers/oracle';
import { OTHER_ACCOUNT, REGION, registryStack, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// Trust policies are evaluated by @cloud-copilot/iam-simulate's core engine (AccessOracle.trust), with
// the token's claims as the context keys IAM derives from them: `<issuer>:sub`, `<issuer>:aud`.

function trustStatements(stack: Stack): any[] {
  const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
  return Object.values(roles).flatMap((r: any) => r.Properties.AssumeRolePolicyDocument.Statement);
}

describe('CodeBuild trust', () => {
  const { app, stack, ci } = codeBuildPush();
  const oracle = new AccessOracle(new SynthesizedApp(app));
  const project = (account: string, name: string) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:codebuild:${REGION}:${account}:project/${name}` });

  test('allowed: CodeBuild running the named project of this account', () => {
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'api-build'))).toBe('Allowed');
  });

  test('denied: another project, another account\'s project (confused deputy), no source, another service', () => {
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'web-build'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(OTHER_ACCOUNT, 'api-build'))).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, 'codebuild.amazonaws.com', 'sts:AssumeRole')).toBe('ImplicitlyDenied');
    expect(oracle.trust(ci.role, 'ec2.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'api-build'))).toBe('ImplicitlyDenied');
  });

  test('conditions: aws:SourceAccount and aws:SourceArn (ArnEquals for a name)', () => {
    expect(trustStatements(stack)).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'codebuild.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT },
        ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:codebuild:${REGION}:${REGISTRY_ACCOUNT}:project/api-build`]] } },
      },
    }]);
  });

  test('without project names: any project of this account, still pinned by aws:SourceAccount', () => {
    const app2 = new App();
    const s = registryStack(app2, 'Ci');
    const any = new EcrCiPrincipal(s, 'Ci', { provider: CiProvider.codeBuild() });
    const o = new AccessOracle(new SynthesizedApp(app2));
    expect(trustStatements(s)[0].Condition).toEqual({ StringEquals: { 'aws:SourceAccount': REGISTRY_ACCOUNT } });
    expect(o.trust(any.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(REGISTRY_ACCOUNT, 'anything'))).toBe('Allowed');
    expect(o.trust(any.role, 'codebuild.amazonaws.com', 'sts:AssumeRole', project(OTHER_ACCOUNT, 'anything'))).toBe('ImplicitlyDenied');
  });
});
