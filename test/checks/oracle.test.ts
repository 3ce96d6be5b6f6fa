import * as iam from 'aws-cdk-lib/aws-iam';
import { aspectFindings, ruleIds } from './findings';
import { IntendedAccess, MISTAKES } from './mistakes';
import { SynthesizedApp } from '../helpers/assembly';
import { AccessOracle, PrincipalUnderTest, RepositoryUnderTest } from '../helpers/oracle';

// Cross-check with an IAM evaluator we did not write (@cloud-copilot/iam-simulate): for every
// mistake the checks flag, the access its author meant is denied (or the request is invalid), and
// for over-permission findings, access nobody meant to give is allowed.

const tally = { allowed: 0, denied: 0, invalid: 0 };
afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`oracle decisions on flagged mistakes: ${tally.denied} denied, ${tally.invalid} invalid, ${tally.allowed} allowed (over-permission)`);
});

function principalOf(oracle: AccessOracle, access: IntendedAccess): PrincipalUnderTest {
  const p = access.principal;
  if ('statements' in p) return oracle.external(p.arn, p.statements.length > 0 ? [oracle.document(p.stack, new iam.PolicyDocument({ statements: p.statements }))] : []);
  return oracle.principal(p as iam.IRole);
}

function targetOf(oracle: AccessOracle, access: IntendedAccess): RepositoryUnderTest | '*' {
  if (access.target === '*') return '*';
  if (typeof access.target === 'string') return oracle.externalRepository(access.target);
  return oracle.repository(access.target);
}

describe.each(Object.entries(MISTAKES))('%s', (_, build) => {
  test('flagged by the checks; the evaluator agrees', async () => {
    const mistake = build();
    expect(ruleIds(aspectFindings(mistake.app))).toContain(mistake.rule);
    const oracle = new AccessOracle(new SynthesizedApp(mistake.app));

    for (const access of mistake.denied) {
      const decision = await oracle.decide(principalOf(oracle, access), access.action, targetOf(oracle, access), access.context);
      expect(`${access.action}: ${decision}`).toEqual(`${access.action}: ${access.expected ?? 'ImplicitlyDenied'}`);
      if (decision === 'Invalid') tally.invalid++;
      else tally.denied++;
    }
    for (const access of mistake.allowedToOthers ?? []) {
      await expect(oracle.decide(principalOf(oracle, access), access.action, targetOf(oracle, access), access.context)).resolves.toEqual('Allowed');
      tally.allowed++;
    }
    if (mistake.untrustedClaims) {
      const { role, provider, claims } = mistake.untrustedClaims;
      expect(oracle.trust(role, provider, 'sts:AssumeRoleWithWebIdentity', claims)).toEqual('Allowed');
      tally.allowed++;
    }
    expect(mistake.denied.length + (mistake.allowedToOthers ?? []).length + (mistake.untrustedClaims ? 1 : 0)).toBeGreaterThan(0);
  });
});
