import { EcrActions } from '../../actions/action-sets';
import { parseArn } from '../../analysis/arn-pattern';
import { isKnown } from '../../analysis/cfn-values';
import { statementLabel } from '../../analysis/describe';
import { ecrActionsOf, PolicyKind, StatementView } from '../../analysis/policy-view';
import { accountNamedBy } from '../../analysis/principal-match';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

// A Lambda function of another account runs an image only when the repository policy trusts both
// its account (the function's creator calls BatchGetImage) and lambda.amazonaws.com conditioned on
// that account's functions (Lambda fetches and optimises the image).
// https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions

const FETCH = new Set(EcrActions.LAMBDA_PULL);

/**
 * Catches a repository policy that lets Lambda read images for the functions of another account
 * (`lambda.amazonaws.com` conditioned on that account) without trusting that account: the
 * function's creator may not read the image, so CreateFunction fails. The other half (an account
 * trusted without the Lambda statement) cannot be told from a pull for ECS or EKS in that account:
 * functions of the app whose image needs it are found by `cross-account-without-repository-policy`.
 */
export const lambdaCrossAccountImage: Rule = {
  id: 'lambda-cross-account-image',
  level: EcrCheckLevel.ERROR,
  summary: 'A repository policy that lets `lambda.amazonaws.com` read images for another account\'s functions without trusting that account',
  why: 'Lambda needs both statements for a function of another account: the account (its creator reads the image) and lambda.amazonaws.com with '
    + 'aws:sourceArn naming that account\'s functions; with one missing, CreateFunction fails ("Lambda does not have permission to access the ECR image").',
  fix: 'Write both for each consuming account: `PushableRepository.allowLambdaPull({ accounts, functionNamePattern })` does',
  check({ model, report }) {
    // indexed: run once per synth, unoptimized, each for…of step over the app's policies allocates
    const policies = model.policies;
    for (let i = 0; i < policies.length; i++) {
      const policy = policies[i];
      if (policy.kind !== PolicyKind.REPOSITORY && policy.kind !== PolicyKind.CREATION_TEMPLATE) continue;
      // most repository policies have no statement for Lambda at all: skipped before any list is made
      if (!policy.statements.some(namesLambda)) continue;
      const allows = policy.statements.filter((s) => s.effect === 'Allow' && [...ecrActionsOf(s)].some((a) => FETCH.has(a)));
      const lambda = allows.filter(namesLambda);
      if (lambda.length === 0) continue;
      const lambdaAccounts = new Set(lambda.flatMap(sourceAccounts));
      const own = model.accountOf(policy.resource.stack);
      const trusted = new Set<string>();
      for (const statement of allows) {
        for (const { value } of statement.principals?.get('AWS') ?? []) trusted.add(value === '*' ? '*' : accountNamedBy(value) ?? '');
      }
      // standalone documents: the repository's own account (which needs no trust) is unknown
      if (!isKnown(own) || trusted.has('*')) continue;
      for (const account of lambdaAccounts) {
        if (!isKnown(account) || account === own || trusted.has(account)) continue;
        report({
          resource: policy.resource,
          location: lambda[0].location,
          message: `${statementLabel(lambda[0])} lets Lambda read the image for functions of account ${account}, which the policy does not trust: `
            + 'creating such a function fails, because its creator may not read the image.',
          fix: `add {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${account}:root"},"Action":${JSON.stringify(EcrActions.LAMBDA_PULL)}} (allowLambdaPull writes it)`,
        });
      }
    }
  },
};

/** Whether the statement names Lambda's service principal. */
function namesLambda(statement: StatementView): boolean {
  const services = statement.principals?.get('Service');
  if (services === undefined) return false;
  for (let i = 0; i < services.length; i++) if (/^lambda\./.test(services[i].value)) return true;
  return false;
}

/** The accounts a Lambda statement's aws:SourceAccount or aws:SourceArn names (keys are case-insensitive). */
function sourceAccounts(statement: StatementView): string[] {
  const out: string[] = [];
  for (const block of Object.values(statement.condition ?? {})) {
    for (const [key, raw] of Object.entries(block ?? {})) {
      const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
      if (key.toLowerCase() === 'aws:sourceaccount') out.push(...values);
      if (key.toLowerCase() === 'aws:sourcearn') out.push(...values.map((v) => parseArn(v)?.account).filter((a): a is string => a !== undefined && a !== '' && !a.includes('*')));
    }
  }
  return out;
}
