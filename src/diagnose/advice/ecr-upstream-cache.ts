import { AdviceInput } from './kind-advice';
import { EcrActions } from '../../actions/action-sets';
import { DiagnosisFix, MissingPolicy } from '../diagnosis';
import { repositoryArnFor } from '../fix';

// A pull through cache rule whose upstream is another ECR registry has three parts the credential
// upstreams do not: a role of the caching account that ECR assumes (trusted by
// pullthroughcache.ecr.amazonaws.com), the upstream registry's policy allowing the caching account
// (cross-account only), and the deployer passing that role to ECR when it creates the rule.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-private.html

const SERVICE = 'pullthroughcache.ecr.amazonaws.com';
// what the rule's role reads upstream: AWS's statement for the upstream registry policy
const UPSTREAM_READS: ReadonlySet<string> = new Set(EcrActions.PULL_THROUGH_CACHE_UPSTREAM);
/** What a principal pulling an image through the cache for the first time needs on the cache's repositories. */
export const FIRST_PULL_ACTIONS: ReadonlySet<string> = new Set(EcrActions.PULL_THROUGH_CACHE);

/** The step for pullers of any cache: the actions, on the cache's repositories, and the library's grants. */
export function firstPullStep(cacheRepositories: string): string {
  return `Principals that pull new images through the cache need ecr:BatchImportUpstreamImage and ecr:CreateRepository on ${cacheRepositories}: ` +
    '`cache.grantPull(role)` in the registry\'s account, `cache.allowAccountPull(\'<account-id>\')` or `cache.allowOrganizationPull(\'<org-id>\')` for others.';
}

/** The code for a puller: a grant in the registry's account, the registry policy for another. */
export function firstPullCdk(crossAccount: boolean | undefined): string {
  return crossAccount ? 'cache.allowAccountPull(\'<caller-account-id>\'); // and attach the identity policy it returns in that account'
    : 'cache.grantPull(role); // cache: the PullThroughCacheRule of the prefix';
}

const CDK_RULE = 'const cache = registry.addPullThroughCacheRule(\'Platform\', { prefix: \'platform\', upstream: UpstreamRegistry.ecr(\'<upstream-account>\', \'<upstream-region>\'), upstreamPrefix: \'base\' });';

const STEP = {
  trust: `The rule's role must trust the service \`${SERVICE}\` (the role the rule creates does; a \`role\` you pass must, and must be in the registry's account). ` +
    'With `sourceAccountCondition: true`, check that the service sends `aws:SourceAccount`: a condition on a key it does not send fails every AssumeRole.',
  upstream: 'An upstream in another account must allow the caching account: put the statement of `cache.upstreamRegistryPolicy()` in the upstream\'s registry policy ' +
    '(an `EcrRegistry` of the same app gets it without asking; synth warns `EcrWarnings.UPSTREAM_REGISTRY_POLICY_REQUIRED` otherwise). ' +
    'A registry policy grants the reads only with the registry policy scope V2; on V1, put it in each upstream repository\'s policy.',
  rolePermissions: 'The rule\'s role needs ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchImportUpstreamImage and ecr:GetImageCopyStatus on the upstream repositories ' +
    '(`<upstreamPrefix>/*`) and the layer and manifest writes on the cache\'s (`<prefix>/*`): the rule grants them to the role it creates and to a `role` you pass ' +
    '(unless it is imported with `mutable: false`).',
  pullers: firstPullStep('the cache\'s repositories (`<prefix>/*`)'),
  passRole: 'The identity that creates or updates the rule (CloudFormation\'s execution role) needs iam:PassRole on the rule\'s role with `iam:PassedToService` = ' +
    '`ecr.amazonaws.com`; the default CDK bootstrap execution role has it, a least-privilege one needs the statement.',
};

/** The explanation for a failure of an ECR upstream's pull through cache. */
export function ecrUpstreamExplanation({ facts, crossAccount }: AdviceInput): string {
  const action = facts.action ?? '';
  if (action === 'iam:PassRole') {
    return 'Creating a pull through cache rule for an ECR upstream passes the rule\'s role to ECR, and the identity that deploys it may not: ' +
      'it needs iam:PassRole on that role, for the service ecr.amazonaws.com.';
  }
  if (action === 'sts:AssumeRole') {
    return `ECR (the service ${SERVICE}) could not assume the pull through cache rule's role: the role's trust policy does not allow that service, ` +
      'has a condition the service does not meet, or the role is not in the registry\'s account.';
  }
  if (isUpstreamRead(facts.action, facts.notAllowedBy, crossAccount)) {
    const puller = FIRST_PULL_ACTIONS.has(action) ? ' If the caller is not the rule\'s role but pulls through the cache from another account, the cache registry\'s policy must allow it instead.' : '';
    return facts.notAllowedBy === MissingPolicy.IDENTITY
      ? `The pull through cache rule's role may not read the upstream: its permissions policy does not allow ${action} on the upstream repository.`
      : `The pull through cache rule's role reads an upstream registry of another account, and that registry does not allow it: ${action} needs a statement for the caching account ` +
        `in the upstream's registry policy (scope V2) or in the upstream repository's policy.${puller}`;
  }
  if (FIRST_PULL_ACTIONS.has(action)) {
    return `The first pull of an image through the cache imports it from the upstream registry and creates its repository, and the caller may not: it needs ${action} ` +
      'on the cache\'s repositories, in its identity policy and, from another account, in the registry policy.';
  }
  return 'The pull through cache rule for an ECR upstream could not be created or used: ECR reads the upstream with the rule\'s role, ' +
    'which must trust the pull through cache service and be passed by the deployer, and an upstream of another account must allow the caching account.';
}

/** The fix for a failure of an ECR upstream's pull through cache, in the library's terms. */
export function ecrUpstreamFix({ facts, crossAccount }: AdviceInput): DiagnosisFix {
  const action = facts.action ?? '';
  if (action === 'iam:PassRole') {
    return {
      cdk: 'deployRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [\'iam:PassRole\'], resources: [cache.role!.roleArn], ' +
        'conditions: { StringEquals: { \'iam:PassedToService\': \'ecr.amazonaws.com\' } } }));',
      steps: [STEP.passRole, `The role it passes: ${facts.resource ?? 'the resource of the message'}.`],
    };
  }
  if (action === 'sts:AssumeRole') {
    return { cdk: `${CDK_RULE} // omit role: the rule creates one trusted by ${SERVICE}`, steps: [STEP.trust, STEP.rolePermissions] };
  }
  if (isUpstreamRead(facts.action, facts.notAllowedBy, crossAccount)) {
    const upstream = repositoryArnFor({
      partition: facts.partition, region: facts.region, repositoryAccount: facts.resourceAccount, repositoryName: facts.repositoryName,
    });
    const where = `The upstream repository of the message: ${upstream}.`;
    return facts.notAllowedBy === MissingPolicy.IDENTITY
      ? { cdk: `${CDK_RULE} // the rule grants its role the reads on base/*`, steps: [STEP.rolePermissions, where] }
      : {
        cdk: `${CDK_RULE}\nconst statement = cache.upstreamRegistryPolicy(); // add it to the upstream registry's policy`,
        steps: [STEP.upstream, where, STEP.rolePermissions, ...(FIRST_PULL_ACTIONS.has(action) ? [STEP.pullers] : [])],
      };
  }
  if (FIRST_PULL_ACTIONS.has(action)) return { cdk: firstPullCdk(crossAccount), steps: [STEP.pullers, STEP.upstream] };
  return { cdk: CDK_RULE, steps: [STEP.trust, STEP.passRole, STEP.upstream, STEP.rolePermissions, STEP.pullers] };
}

/**
 * A denied read of the upstream by the rule's role. The role's reads are the four of the upstream
 * statement; the two that pullers also need are the role's only when another account's policy is missing.
 */
function isUpstreamRead(action: string | undefined, notAllowedBy: MissingPolicy | undefined, crossAccount: boolean | undefined): boolean {
  if (action === undefined || !UPSTREAM_READS.has(action)) return false;
  if (action === 'ecr:GetImageCopyStatus') return true;
  return crossAccount === true && notAllowedBy === MissingPolicy.RESOURCE;
}
