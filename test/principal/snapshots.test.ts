import { ciAccountAssumes, codeBuildPush, genericOidcPush, gitHubImmutableIds, gitHubPush, gitLabPush, moreProvidersPush, threeAccounts } from './ci-scenarios';
import { stackTemplates } from '../helpers/assembly';

// Whole-template snapshots, one per provider, guard logical ids: a changed id replaces the role (new
// ARN, pipelines break) or the OIDC provider. `npm test` never rewrites them; after an intended
// change, run `npx projen test:update -- test/principal/snapshots.test.ts` and explain the diff.

test.each([
  ['GitHub Actions: branches, tags and a prefix to create under', gitHubPush],
  ['GitHub Actions: immutable subjects and an environment', gitHubImmutableIds],
  ['GitLab', gitLabPush],
  ['CodeBuild', codeBuildPush],
  ['CI account with an external id', ciAccountAssumes],
  ['any OIDC issuer', genericOidcPush],
  ['three accounts: registry, CI, workload', threeAccounts],
  ['Buildkite, HCP Terraform, Bitbucket, CircleCI, Azure DevOps, Spacelift; GitHub moving; account tags', moreProvidersPush],
])('%s', (_name, scenario) => {
  expect(stackTemplates(scenario().app)).toMatchSnapshot();
});
