import { stackTemplates } from '../helpers/assembly';
import { archiveLifecycle, crossAccountPull, dsseEncrypted, kmsEncrypted, lambdaPull, organizationPull, sameAccountPush } from '../helpers/scenarios';

// Whole-template snapshots guard logical ids: a changed id on a repository makes CloudFormation
// replace it (and a retained repository is orphaned with its images). `npm test` never rewrites
// these; after an intended change, run `npx projen test:update` and explain the diff in review.

test.each([
  ['same-account push', sameAccountPush],
  ['cross-account pull', crossAccountPull],
  ['organization pull', organizationPull],
  ['Lambda pull', lambdaPull],
  ['KMS-encrypted repository', kmsEncrypted],
  ['KMS_DSSE-encrypted repository in GovCloud', dsseEncrypted],
  ['archive lifecycle and restore grant', archiveLifecycle],
])('%s', (_name, scenario) => {
  expect(stackTemplates(scenario().app)).toMatchSnapshot();
});
