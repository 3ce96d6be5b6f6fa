import { ecrActionsMatching, splitAction } from '../../analysis/action-patterns';
import { ArnParts, hasWildcard, parseArn } from '../../analysis/arn-pattern';
import { displayValue, isKnown, replaceDeployTimeParts } from '../../analysis/cfn-values';
import { quote, statementLabel } from '../../analysis/describe';
import { PolicyKind, resourceValues, StatementView } from '../../analysis/policy-view';
import { perText } from '../../analysis/text-memo';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

// ECR is regional: a repository ARN is arn:<partition>:ecr:<region>:<12-digit account>:repository/<name>,
// names lowercase. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
const PARTITION = /^aws(-[a-z]+)*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;
const NAME_CHARACTERS = /^[a-z0-9._/-]*$/;

/**
 * Catches repository ARNs that name no repository: another service (`arn:aws:ecs:…:repository/*`,
 * as printed in AWS's ECR user guide), a malformed partition, Region or account (`region`,
 * `account-id` left from an example), a part left out (`arn:aws:us-east-2:…`, no service), a missing
 * `repository/` or an uppercase name.
 */
export const invalidRepositoryArn: Rule = {
  id: 'invalid-repository-arn',
  level: EcrCheckLevel.ERROR,
  summary: 'A repository ARN that matches no repository: another service (`arn:aws:ecs:…:repository/…`), a malformed account or Region, a part left out',
  why: 'IAM accepts any text as a resource; an ARN that names no ECR repository never matches, so the grant silently allows nothing.',
  fix: 'Use `repository.repositoryArn`, or `Stack.formatArn({ service: \'ecr\', resource: \'repository\', resourceName })`',
  check({ model, report }) {
    // indexed loops over every policy and statement of the app: run once per synth, unoptimized, for…of allocates per step
    for (let policyIndex = 0; policyIndex < model.policies.length; policyIndex++) {
      const policy = model.policies[policyIndex];
      if (policy.kind === PolicyKind.TRUST) continue;
      for (let statementIndex = 0; statementIndex < policy.statements.length; statementIndex++) {
        const statement = policy.statements[statementIndex];
        const resources = resourceValues(statement);
        for (let i = 0; i < resources.length; i++) {
          const resource = resources[i];
          const value = resource.value;
          const problems = arnProblems(value, statement);
          if (problems.length > 0) {
            report({
              resource: policy.resource,
              location: resource.location,
              message: `${quote(value)} in ${statementLabel(statement)} is not an ECR repository ARN: ${problems.join('; ')}.`,
              fix: `write ${quote(correctedArn(value))} (the form is arn:<partition>:ecr:<region>:<account>:repository/<name>), ` +
                'or refer to the repository (repository.repositoryArn) instead of writing its ARN',
            });
          }
        }
      }
    }
  },
};

// Policies name the same repositories hundreds of times: each ARN is judged once. null: an ARN of
// another service than ECR or ECS, whose judgement depends on the statement's actions.
const verdictOf = perText(repositoryArnProblems);

function arnProblems(value: string, statement: StatementView): readonly string[] {
  return verdictOf(value) ?? otherServiceProblems(parseArn(value)!, statement);
}

/** What is wrong with the value as a repository ARN; null for an ARN of another service than ECR or ECS. */
function repositoryArnProblems(value: string): readonly string[] | null {
  const arn = parseArn(value);
  if (!arn) return shortArnProblems(value);
  const service = arn.service.toLowerCase();
  const looksLikeRepository = /^repository(\/|$)/.test(replaceDeployTimeParts(arn.resource, 'x'));
  if (service === 'ecs' && looksLikeRepository) {
    return ['its service is \'ecs\' (Amazon ECS), which has no repositories; repositories are Amazon ECR\'s, service \'ecr\''];
  }
  if (service !== 'ecr') return null;
  const problems: string[] = [];
  if (checkable(arn.partition) && !PARTITION.test(arn.partition)) problems.push(`'${arn.partition}' is not a partition (aws, aws-cn, aws-us-gov …)`);
  if (arn.region === '') problems.push('the Region is empty, but ECR repositories are regional');
  else if (checkable(arn.region) && !REGION.test(arn.region)) problems.push(`'${arn.region}' is not an AWS Region code (e.g. us-east-1)`);
  if (arn.account === '') problems.push('the account is empty');
  else if (checkable(arn.account) && !ACCOUNT.test(arn.account)) problems.push(`'${arn.account}' is not a 12-digit account id`);
  const resource = replaceDeployTimeParts(arn.resource, '');
  if (checkable(arn.resource) && !looksLikeRepository) {
    problems.push(`the resource '${displayValue(arn.resource)}' does not start with 'repository/'`);
  } else if (looksLikeRepository && !NAME_CHARACTERS.test(resource.replace(/[*?]/g, ''))) {
    problems.push(`the repository name in '${displayValue(arn.resource)}' has characters ECR names never have (names are lowercase letters, digits, '.', '_', '-', '/')`);
  }
  return problems;
}

const ARN_PARTS = 'arn:<partition>:<service>:<region>:<account>:<resource>';

/**
 * An ARN with a part left out, e.g. the service in `arn:aws:us-east-2:<account>:repository/*`
 * (aws/containers-roadmap#2675: ECR accepted that registry policy, and replication was denied).
 */
function shortArnProblems(value: string): readonly string[] {
  const short = isKnown(value) ? shortArn(value) : undefined;
  if (!short || !/^repository(\/|$)/.test(short.arn.resource)) return [];
  const { partition, service, region, account } = short.arn;
  const missing = [
    partition === '' ? 'partition' : undefined,
    service === '' ? "service 'ecr'" : undefined,
    region === '' ? 'Region' : undefined,
    account === '' ? 'account' : undefined,
  ].filter((part): part is string => part !== undefined);
  const which = missing.length > 0 ? `: the ${missing.join(', the ')} ${missing.length === 1 ? 'is' : 'are'} missing` : '';
  return [`it has ${short.partCount} of the 6 parts of an ARN (${ARN_PARTS})${which}`];
}

/**
 * An `arn:` value with fewer than six parts: each part it has put where its form says it belongs
 * (the last is the resource), `''` for a part it does not have; undefined for any other value.
 */
function shortArn(value: string): { readonly arn: ArnParts; readonly partCount: number } | undefined {
  if (!value.startsWith('arn:')) return undefined;
  const parts = value.split(':');
  if (parts.length >= 6) return undefined;
  const given = parts.slice(1, -1);
  const arn = {
    partition: given.find((p) => PARTITION.test(p)) ?? '',
    service: given.find((p) => p.toLowerCase() === 'ecr') ?? '',
    region: given.find((p) => REGION.test(p)) ?? '',
    account: given.find((p) => ACCOUNT.test(p)) ?? '',
    resource: parts[parts.length - 1],
  };
  return { arn, partCount: parts.length };
}

/** An ARN of another service is a mistake only in a statement that allows nothing but ECR actions. */
function otherServiceProblems(arn: ArnParts, statement: StatementView): readonly string[] {
  const onlyEcrActions = statement.effect === 'Allow' && (statement.actions ?? []).length > 0
    && (statement.actions ?? []).every(({ value: a }) => isKnown(a) && splitAction(a).service === 'ecr' && ecrActionsMatching(a).length > 0);
  const knownService = isKnown(arn.service) && !hasWildcard(arn.service);
  return onlyEcrActions && knownService ? [`its service is '${arn.service}', but the statement allows only ECR actions, which act on 'ecr' resources`] : [];
}

/** A segment is checked when it is known at synth and has no wildcard. */
function checkable(segment: string): boolean {
  return isKnown(segment) && !hasWildcard(segment);
}

function correctedArn(value: string): string {
  const arn = parseArn(value) ?? shortArn(value)?.arn;
  if (!arn) return value;
  const keep = (segment: string, valid: RegExp, placeholder: string) => (!checkable(segment) && segment !== '') || valid.test(segment) ? segment : placeholder;
  const name = /^repository(\/|$)/.test(arn.resource) ? arn.resource.slice('repository'.length) : `/${arn.resource}`;
  return `arn:${keep(arn.partition, PARTITION, 'aws')}:ecr:${keep(arn.region, REGION, '<region>')}:${keep(arn.account, ACCOUNT, '<account>')}:` +
    `repository${isKnown(name) ? name.toLowerCase() : name}`;
}
