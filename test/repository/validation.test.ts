import { App, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PushableRepository, PushableRepositoryProps } from '../../src';

function build(props: PushableRepositoryProps): () => void {
  return () => new PushableRepository(new Stack(new App(), 'S'), 'Repo', props);
}

describe('bad props are synth-time errors naming the property, the value and the fix', () => {
  test.each<[string, PushableRepositoryProps, RegExp]>([
    ['upper case name', { repositoryName: 'My-Repo' }, /repositoryName: got 'My-Repo': is not a valid ECR repository name[^]*Fix: use a name such as 'my-repo'/],
    ['name too short', { repositoryName: 'a' }, /repositoryName: got 'a': is not a valid ECR repository name/],
    ['name too long', { repositoryName: 'a'.repeat(257) }, /repositoryName: got 'a{257}'/],
    ['name with a space', { repositoryName: 'team a/api' }, /Fix: use a name such as 'team-a\/api'/],
    ['name with double slash', { repositoryName: 'team-a//api' }, /repositoryName: got 'team-a\/\/api'/],
    ['name starting with a separator', { repositoryName: '-api' }, /repositoryName: got '-api'/],
    ['name ending with a slash', { repositoryName: 'team-a/' }, /repositoryName: got 'team-a\/'/],
    ['name with two separators in a row', { repositoryName: 'api__v2' }, /repositoryName: got 'api__v2'/],
    ['name with a colon (an image tag)', { repositoryName: 'api:latest' }, /repositoryName: got 'api:latest'/],
    ['mutable tag with a space', { mutableTags: ['my tag'] }, /mutableTags\[0\]: got 'my tag': is not a valid image tag pattern/],
    ['mutable tag with a slash', { mutableTags: ['latest', 'feature/x'] }, /mutableTags\[1\]: got 'feature\/x'/],
    ['empty mutable tag', { mutableTags: [''] }, /mutableTags\[0\]: got '': is not a valid image tag pattern/],
    ['mutable tag over 128 characters', { mutableTags: ['t'.repeat(129)] }, /mutableTags\[0\]/],
    ['six mutable tags', { mutableTags: ['a', 'b', 'c', 'd', 'e', 'f'] }, /mutableTags: .* lists 6 patterns; ECR allows at most 5/],
    ['duplicate mutable tags', { mutableTags: ['latest', 'latest'] }, /mutableTags: .* lists a pattern twice/],
    ['mutableTags with imageTagMutability', { mutableTags: ['latest'], imageTagMutability: ecr.TagMutability.MUTABLE }, /imageTagMutability: got 'MUTABLE': conflicts with mutableTags/],
    ['mutableTags with exclusion filters', { mutableTags: ['latest'], imageTagMutability: undefined, imageTagMutabilityExclusionFilters: [ecr.ImageTagMutabilityExclusionFilter.wildcard('x')] }, /imageTagMutabilityExclusionFilters: .* conflicts with mutableTags/],
    ['registry id not an account', { lifecycleRegistryId: '1234' }, /lifecycleRegistryId: got '1234': is not an AWS account id \(exactly 12 digits\)/],
    ['untagged expiry in hours', { untaggedImageExpiry: Duration.hours(36) }, /untaggedImageExpiry: got 'Duration.hours\(36\)': must be a whole number of days/],
    ['untagged expiry of zero', { untaggedImageExpiry: Duration.days(0) }, /untaggedImageExpiry: .* at least 1/],
    ['untagged expiry with custom rules', { untaggedImageExpiry: Duration.days(90), lifecycleRules: [{ maxImageCount: 5 }] }, /untaggedImageExpiry: .* lifecycleRules replaces that rule/],
    ['untagged expiry under ECR\'s 90-day archive minimum', { untaggedImageExpiry: Duration.days(30) },
      /untaggedImageExpiry: got 'Duration.days\(30\)': counts from when an untagged image was archived, and ECR keeps archived images at least 90 days. Fix: use Duration.days\(90\) or more/],
    ['archive delay in hours', { untaggedImageArchiveAfter: Duration.hours(12) }, /untaggedImageArchiveAfter: got 'Duration.hours\(12\)': must be a whole number of days/],
    ['archive delay with image rules', { untaggedImageArchiveAfter: Duration.days(9), imageLifecycleRules: [] }, /untaggedImageArchiveAfter: .* imageLifecycleRules replaces that rule/],
    ['rule with both age and count', { lifecycleRules: [{ maxImageCount: 5, maxImageAge: Duration.days(5) }] }, /lifecycleRules\[0\]: .* must set exactly one of maxImageAge and maxImageCount/],
    ['rule with neither age nor count', { lifecycleRules: [{ description: 'x' }] }, /lifecycleRules\[0\]: .* must set exactly one/],
    ['rule with a count of zero', { lifecycleRules: [{ maxImageCount: 0 }] }, /lifecycleRules\[0\]\.maxImageCount: got 0: must be a whole number of at least 1/],
    ['rule with a fractional count', { lifecycleRules: [{ maxImageCount: 2.5 }] }, /lifecycleRules\[0\]\.maxImageCount: got 2.5/],
    ['rule with an age in minutes', { lifecycleRules: [{ maxImageAge: Duration.minutes(90) }] }, /lifecycleRules\[0\]\.maxImageAge/],
    ['duplicate rule priorities', { lifecycleRules: [{ rulePriority: 1, maxImageCount: 5, tagStatus: ecr.TagStatus.UNTAGGED }, { rulePriority: 1, maxImageCount: 9, tagPatternList: ['v*'] }] }, /lifecycleRules\[1\]\.rulePriority: got 1: is already used by lifecycleRules\[0\]/],
    ['priority of zero', { lifecycleRules: [{ rulePriority: 0, maxImageCount: 5 }] }, /lifecycleRules\[0\]\.rulePriority: got 0/],
    ['TAGGED without tag lists', { lifecycleRules: [{ tagStatus: ecr.TagStatus.TAGGED, maxImageCount: 5 }] }, /lifecycleRules\[0\]\.tagStatus: got 'TAGGED': needs tagPrefixList or tagPatternList/],
    ['an empty tag list (TAGGED, as ecr.Repository reads it)', { lifecycleRules: [{ tagPrefixList: [], maxImageCount: 5 }] }, /lifecycleRules\[0\]\.tagStatus: got 'TAGGED': needs tagPrefixList or tagPatternList/],
    ['UNTAGGED with a tag list', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, tagPatternList: ['v*'], maxImageCount: 5 }] }, /lifecycleRules\[0\]\.tagStatus: got 'untagged': cannot be combined/],
    ['both tag lists', { lifecycleRules: [{ tagPrefixList: ['v'], tagPatternList: ['v*'], maxImageCount: 5 }] }, /sets both tagPrefixList and tagPatternList/],
    ['five wildcards in a pattern', { lifecycleRules: [{ tagPatternList: ['*a*b*c*d*'], maxImageCount: 5 }] }, /has more than four '\*' wildcards/],
    ['an ANY rule numbered before others', { lifecycleRules: [{ rulePriority: 1, maxImageCount: 5 }, { tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 1 }] },
      /lifecycleRules\[0\]\.rulePriority: got 1: is not above every other rule's priority[^]*Fix: remove its rulePriority/],
    ['two ANY rules', { lifecycleRules: [{ maxImageCount: 5 }, { maxImageAge: Duration.days(9) }] }, /lifecycleRules: got '2 rules with TagStatus.ANY'/],
    ['emptyOnDelete without DESTROY', { emptyOnDelete: true }, /emptyOnDelete: got true: deletes every image[^]*Fix: set removalPolicy: RemovalPolicy.DESTROY/],
    ['emptyOnDelete with RETAIN', { emptyOnDelete: true, removalPolicy: RemovalPolicy.RETAIN }, /emptyOnDelete/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('a KMS key with AES256 encryption', () => {
    const stack = new Stack();
    const key = new kms.Key(stack, 'Key');
    expect(() => new PushableRepository(stack, 'Repo', { encryption: ecr.RepositoryEncryption.AES_256, encryptionKey: key }))
      .toThrow(/encryption: got 'AES256': must be KMS or KMS_DSSE when encryptionKey is given/);
  });

  test('every problem is reported at once, with the construct path', () => {
    const run = build({ repositoryName: 'Bad Name', mutableTags: ['ok', 'not ok'], lifecycleRegistryId: 'x', untaggedImageExpiry: Duration.hours(1) });
    expect(run).toThrow(/^Invalid PushableRepository props at 'S\/Repo' \(4 problems\):/);
    expect(run).toThrow(/repositoryName[^]*mutableTags\[1\][^]*untaggedImageExpiry[^]*lifecycleRegistryId/);
  });

  test('the error carries no stack trace into the user\'s output, only the caller\'s line that passed the input', () => {
    let error: Error | undefined;
    try { build({ repositoryName: 'UPPER' })(); } catch (e) { error = e as Error; }
    expect(error?.name).toBe('ValidationError');
    const [first, ...frames] = error!.stack!.split('\n    at ');
    expect(first).toBe(`ValidationError: ${error?.message}`);
    expect(frames).toEqual([expect.stringMatching(/test\/repository\/validation\.test\.ts:\d+:\d+\)?$/)]);
  });
});

describe('deploy-time values are never validated at synth', () => {
  test('tokens for the name, registry id, tags and lifecycle are accepted as given', () => {
    const stack = new Stack();
    const name = new CfnParameter(stack, 'Name').valueAsString;
    const registry = Lazy.string({ produce: () => 'anything' });
    const count = Token.asNumber(new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber);
    new PushableRepository(stack, 'Repo', {
      repositoryName: name,
      lifecycleRegistryId: registry,
      mutableTags: [new CfnParameter(stack, 'Tag').valueAsString],
      lifecycleRules: [{ maxImageCount: count }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', { RepositoryName: { Ref: 'Name' } });
  });

  test('a token tag pattern reaches CloudFormation as given', () => {
    const stack = new Stack();
    new PushableRepository(stack, 'Repo', { mutableTags: ['latest', new CfnParameter(stack, 'Tag').valueAsString] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::Repository', {
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: 'latest' },
        { ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: { Ref: 'Tag' } },
      ],
    });
  });

  test('a deploy-time list of mutable tags cannot become filters, and says so', () => {
    const stack = new Stack();
    const tags = new CfnParameter(stack, 'Tags', { type: 'CommaDelimitedList' }).valueAsList;
    expect(() => new PushableRepository(stack, 'Repo', { mutableTags: tags }))
      .toThrow(/mutableTags: got 'a deploy-time list': cannot be turned into ECR exclusion filters[^]*Fix: list the patterns in code/);
  });
});

describe('bad arguments to the allow methods', () => {
  const repo = () => new PushableRepository(new Stack(new App(), 'S'), 'Repo');

  test.each([
    ['allowAccountPull', (r: PushableRepository) => r.allowAccountPull('12345'), /PushableRepository.allowAccountPull\(\) at 'S\/Repo'[^]*accountId: got '12345': is not an AWS account id/],
    ['allowAccountPush', (r: PushableRepository) => r.allowAccountPush('arn:aws:iam::123456789012:root'), /accountId: got 'arn:aws:iam::123456789012:root'[^]*no ARN/],
    ['allowOrganizationPull with an OU id', (r: PushableRepository) => r.allowOrganizationPull('ou-ab12-cdef3456'), /organizationId: got 'ou-ab12-cdef3456': is not an AWS Organizations id/],
    ['allowOrganizationPull with a root id', (r: PushableRepository) => r.allowOrganizationPull('r-ab12'), /organizationId: got 'r-ab12'/],
    ['allowLambdaPull with a bad account', (r: PushableRepository) => r.allowLambdaPull({ accounts: ['111111111111', 'abc'] }), /accounts\[1\]: got 'abc'/],
    ['allowLambdaPull with no accounts', (r: PushableRepository) => r.allowLambdaPull({ accounts: [] }), /accounts: got \[\]: is empty/],
    ['allowLambdaPull with an ARN as pattern', (r: PushableRepository) => r.allowLambdaPull({ functionNamePattern: 'arn:aws:lambda:us-east-1:1:function:x' }), /functionNamePattern: got 'arn:aws:lambda/],
  ])('%s', (_name, call, message) => {
    expect(() => call(repo())).toThrow(message);
  });

  test('a token account id is accepted', () => {
    const r = repo();
    expect(() => r.allowAccountPull(new CfnParameter(Stack.of(r), 'Account').valueAsString)).not.toThrow();
  });
});

describe('a repository without a name used from another environment', () => {
  /** A repository of the registry environment and a role in the given environment. */
  function app(env: { account: string; region: string }, props: PushableRepositoryProps = {}, crossRegionReferences = false) {
    const root = new App();
    const registry = new Stack(root, 'Registry', { env: { account: '111111111111', region: 'us-east-1' } });
    const other = new Stack(root, 'Other', { env, crossRegionReferences });
    const repository = new PushableRepository(registry, 'R1', props);
    const role = new iam.Role(other, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    return { root, repository, role };
  }

  test.each([
    ['another account', { account: '222222222222', region: 'us-east-1' }, 'account 222222222222, Region us-east-1'],
    ['another Region', { account: '111111111111', region: 'eu-west-1' }, 'account 111111111111, Region eu-west-1'],
  ])('%s: our error naming repositoryName, not aws-cdk-lib\'s at synth', (_name, env, where) => {
    // GIVEN
    const { repository, role } = app(env);
    // WHEN / THEN
    expect(() => repository.grantPull(role)).toThrow('A grant on the repository at \'Registry/R1\' to \'Other/Role\': the repository has no repositoryName known at synth, '
      + `and 'Other/Role' is in stack 'Other' (${where}), another environment than the repository's stack 'Registry' (account 111111111111, Region us-east-1). `
      + 'A name CloudFormation generates exists only once the repository is deployed, and a stack of another account or Region cannot refer to it. '
      + 'Fix: give the repository a fixed name (repositoryName: \'team-a/api\', say); the other stack then refers to it by its ARN.');
  });

  test.each([
    ['with a repositoryName', { account: '222222222222', region: 'us-east-1' }, { repositoryName: 'team-a/api' }, false],
    ['in the same environment', { account: '111111111111', region: 'us-east-1' }, {}, false],
    ['in another Region whose stack allows cross-Region references', { account: '111111111111', region: 'eu-west-1' }, {}, true],
  ])('%s: granted, and synth works', (_name, env, props, crossRegion) => {
    const { root, repository, role } = app(env, props, crossRegion);
    expect(() => repository.grantPull(role)).not.toThrow();
    expect(() => root.synth()).not.toThrow();
  });

  test('login alone refers to no repository: no error', () => {
    const { repository, role } = app({ account: '222222222222', region: 'us-east-1' });
    expect(() => repository.grant(role, 'ecr:GetAuthorizationToken')).not.toThrow();
  });
});
