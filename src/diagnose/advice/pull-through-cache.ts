import { ecrUpstreamExplanation, ecrUpstreamFix, FIRST_PULL_ACTIONS, firstPullCdk, firstPullStep } from './ecr-upstream-cache';
import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER, repositoryArnFor } from '../fix';
import { SignalDetail } from '../signals';

// A pull through cache rule fetches from its upstream with the secret it names; the first pull of an
// image also imports it, which the puller must be allowed to do.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-rule.html
// An ECR upstream has no secret but a role, a trust and the upstream's policy: ecr-upstream-cache.ts.

export const pullThroughCache: KindAdvice = {
  kind: DiagnosisKind.PULL_THROUGH_CACHE,
  title: 'The pull through cache failed',

  explanation(input) {
    const facts = input.facts;
    if (facts.detail === SignalDetail.ECR_UPSTREAM) return ecrUpstreamExplanation(input);
    if (FIRST_PULL_ACTIONS.has(facts.action ?? '')) {
      return 'The first pull of an image through the cache imports it from the upstream, and the caller may not: it needs ecr:BatchImportUpstreamImage ' +
        '(and ecr:CreateRepository when the cached repository does not exist yet), in its identity policy and, from another account, in the registry policy.';
    }
    return 'The pull through cache could not use its upstream registry: the upstream needs credentials the rule does not have, the secret is missing, misnamed or ' +
      'in another account or region, or the upstream path does not exist.';
  },

  fix(input) {
    const facts = input.facts;
    if (facts.detail === SignalDetail.ECR_UPSTREAM) return ecrUpstreamFix(input);
    const cacheRepositories = repositoryArnFor({ partition: facts.partition, region: facts.region, repositoryAccount: facts.resourceAccount, repositoryName: `${PLACEHOLDER.prefix}/*` });
    if (FIRST_PULL_ACTIONS.has(facts.action ?? '')) {
      return { cdk: firstPullCdk(input.crossAccount), steps: [firstPullStep(cacheRepositories)] };
    }
    return {
      cdk: 'new PullThroughCacheRule(this, \'DockerHub\', { registry, prefix: \'docker-hub\', upstream: UpstreamRegistry.dockerHub(), credentials: secret }); // secret name: ecr-pullthroughcache/…',
      steps: [
        'Upstreams that need credentials (Docker Hub, GitHub, GitLab, Azure) need a Secrets Manager secret whose name starts with `ecr-pullthroughcache/`, in the account and region of the rule.',
        `Check the upstream path: Docker Hub official images are <prefix>/library/<name>, others <prefix>/<org>/<name>${facts.repositoryName ? ` (here: '${facts.repositoryName}')` : ''}.`,
        firstPullStep(cacheRepositories),
      ],
    };
  },
};
