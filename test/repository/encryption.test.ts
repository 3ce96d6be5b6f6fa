import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CreationTemplateScenario, EcrRegistry, PushableRepository } from '../../src';
import { SynthesizedApp } from '../helpers/assembly';
import { DESTRUCTIVE, LOGIN, PULL, PUSH } from '../helpers/expected-actions';
import { AccessOracle } from '../helpers/oracle';
import { dsseEncrypted, logicalIdOf, REGISTRY_ACCOUNT } from '../helpers/scenarios';

// KMS_DSSE: "Dual-layer server-side encryption with AWS KMS (DSSE-KMS) is only available in the AWS
// GovCloud (US) Regions" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).

const GOV = { account: REGISTRY_ACCOUNT, region: 'us-gov-west-1' };

describe('KMS_DSSE repositories', () => {
  test('aws-cdk-lib\'s ecr.Repository cannot render KMS_DSSE (why this library writes the property itself)', () => {
    expect(() => new ecr.Repository(new Stack(undefined, 'S', { env: GOV }), 'R', { encryption: ecr.RepositoryEncryption.KMS_DSSE })).toThrow(/Unexpected 'encryptionType'/);
  });

  test('with a customer managed key: exactly this encryption configuration', () => {
    // GIVEN / WHEN
    const { stack, repository, key } = dsseEncrypted();
    // THEN
    expect(Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.EncryptionConfiguration)
      .toEqual({ EncryptionType: 'KMS_DSSE', KmsKey: { 'Fn::GetAtt': [logicalIdOf(key), 'Arn'] } });
  });

  test('without a key: ECR\'s AWS managed key', () => {
    const stack = new Stack(new App(), 'S', { env: GOV });
    const repository = new PushableRepository(stack, 'Repo', { encryption: ecr.RepositoryEncryption.KMS_DSSE });
    expect(Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.EncryptionConfiguration).toEqual({ EncryptionType: 'KMS_DSSE' });
  });

  test('a stack with a deploy-time region is not judged', () => {
    const stack = new Stack();
    const repository = new PushableRepository(stack, 'Repo', { encryption: ecr.RepositoryEncryption.KMS_DSSE });
    expect(Template.fromStack(stack).toJSON().Resources[logicalIdOf(repository)].Properties.EncryptionConfiguration).toEqual({ EncryptionType: 'KMS_DSSE' });
  });

  test('outside GovCloud: a synth-time error naming the property, the value, the region and the fix', () => {
    const stack = new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: 'us-east-1' } });
    expect(() => new PushableRepository(stack, 'Repo', { encryption: ecr.RepositoryEncryption.KMS_DSSE }))
      .toThrow(/encryption: got 'KMS_DSSE': is only available in the AWS GovCloud \(US\) Regions, and this stack's region is 'us-east-1'. Fix: use RepositoryEncryption.KMS/);
  });

  test('a key with AES256 is refused, naming both ways out', () => {
    const stack = new Stack(new App(), 'S', { env: GOV });
    expect(() => new PushableRepository(stack, 'Repo', { encryption: ecr.RepositoryEncryption.AES_256, encryptionKey: new kms.Key(stack, 'K') }))
      .toThrow(/encryption: got 'AES256': must be KMS or KMS_DSSE when encryptionKey is given/);
  });

  describe('the evaluator, in the aws-us-gov partition', () => {
    const { app, repository, role } = dsseEncrypted();
    const oracle = new AccessOracle(new SynthesizedApp(app));

    test('allowed: login, pull and push; denied: delete and admin', async () => {
      const principal = oracle.principal(role);
      const repo = oracle.repository(repository);
      expect(repo.arn).toMatch(/^arn:aws-us-gov:ecr:us-gov-west-1:/);
      for (const action of [...PULL, ...PUSH]) await expect(oracle.decide(principal, action, repo)).resolves.toEqual('Allowed');
      for (const action of LOGIN) await expect(oracle.decide(principal, action, '*')).resolves.toEqual('Allowed');
      for (const action of DESTRUCTIVE) await expect(oracle.decide(principal, action, repo)).resolves.toEqual('ImplicitlyDenied');
    });
  });
});

describe('KMS_DSSE creation templates', () => {
  test('with a key: KMS_DSSE and the key\'s full ARN, and the template role may use the key', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S', { env: GOV });
    const key = new kms.Key(stack, 'Key');
    // WHEN
    new EcrRegistry(stack, 'Registry').addCreationTemplate('T', {
      prefix: 'secure', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], encryption: ecr.RepositoryEncryption.KMS_DSSE, encryptionKey: key,
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECR::RepositoryCreationTemplate', {
      EncryptionConfiguration: { EncryptionType: 'KMS_DSSE', KmsKey: { 'Fn::GetAtt': [logicalIdOf(key), 'Arn'] } },
    });
    const role = Object.values(template.findResources('AWS::ECR::RepositoryCreationTemplate'))[0].Properties.CustomRoleArn;
    expect(role).toBeDefined();
  });

  test('outside GovCloud: an error', () => {
    const registry = new EcrRegistry(new Stack(new App(), 'S', { env: { account: REGISTRY_ACCOUNT, region: 'eu-west-1' } }), 'Registry');
    expect(() => registry.addCreationTemplate('T', { prefix: 'secure', appliedFor: [CreationTemplateScenario.CREATE_ON_PUSH], encryption: ecr.RepositoryEncryption.KMS_DSSE }))
      .toThrow(/encryption: got 'KMS_DSSE': is only available in the AWS GovCloud \(US\) Regions, and this stack's region is 'eu-west-1'/);
  });
});
