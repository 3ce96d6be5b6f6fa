import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { typedOptions } from './option-types';
import { checkListKnown, checkNotEmpty } from './subject-input';
import { CiTrust, matchBlocks } from './trust';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Which AWS CodeBuild projects may use the role as their service role.
 *
 * @see https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html
 */
export interface CodeBuildProviderOptions {
  /**
   * Names (or patterns such as `api-*`) of the projects, in the role's account and region, that may
   * use the role (`aws:SourceArn`).
   *
   * @default - any project of the role's account (`aws:SourceAccount`); who may attach the role to a
   * project is then decided by `iam:PassRole`
   */
  readonly projectNames?: string[];
}

// CodeBuild project names: 2–255 letters, digits, '-' and '_', starting with a letter or digit.
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/;

/** Validates the options and returns the trust they describe. */
export function codeBuildTrust(given: CodeBuildProviderOptions | undefined): CiTrust {
  const problems = new InputProblems('CiProvider.codeBuild() options');
  const { options } = typedOptions<CodeBuildProviderOptions>(problems, given ?? {}, { projectNames: 'strings' },
    (text) => `{ projectNames: ['${text ?? 'api-build'}'] }`);
  const names = options.projectNames;
  if (checkListKnown(problems, 'projectNames', names)) {
    checkNotEmpty(problems, 'projectNames', names, '[\'api-build\']');
    names?.forEach((name, i) => {
      if (isToken(name) || PROJECT_NAME.test(name.replace(/[*?]/g, 'x'))) return;
      problems.add(`projectNames[${i}]`, name, 'is not a CodeBuild project name (2–255 letters, digits, \'-\' and \'_\', starting with a letter or digit)',
        'pass the project name, not its ARN, e.g. \'api-build\' (\'*\' matches any characters)');
    });
  }
  problems.throwIfAny();

  return {
    description: `AWS CodeBuild ${names?.length ? `projects ${names.join(', ')}` : 'projects of this account'}`,
    trustsPullRequests: false,
    bind(scope) {
      const stack = Stack.of(scope);
      // confused-deputy protection: only CodeBuild acting for this account (and these projects)
      const base = { StringEquals: { 'aws:SourceAccount': stack.account } };
      const sourceArns = (names ?? []).map((name) => stack.formatArn({
        service: 'codebuild', resource: 'project', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      }));
      const blocks = sourceArns.length === 0 ? [base] : matchBlocks(base, 'aws:SourceArn', sourceArns, 'ArnEquals', 'ArnLike');
      return { principals: blocks.map((conditions) => new iam.ServicePrincipal('codebuild.amazonaws.com').withConditions(conditions)) };
    },
  };
}
