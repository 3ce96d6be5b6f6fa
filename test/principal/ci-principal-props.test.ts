import { App, Duration } from 'aws-cdk-lib';
import { CiProvider, EcrCiPrincipal, EcrCiPrincipalProps, GitHubActionsProviderOptions } from '../../src';
import { registryStack } from '../helpers/scenarios';

// Bad input is a synth-time error that names the property, the bad value and the fix, every
// problem at once, thrown where the user wrote it (the factory call, the constructor, the method).

const gh: GitHubActionsProviderOptions = { owner: 'acme', repository: 'api', branches: ['main'] };

describe('EcrCiPrincipal', () => {
  const provider = CiProvider.gitHubActions(gh);
  const build = (props: Partial<EcrCiPrincipalProps>) => () => new EcrCiPrincipal(registryStack(new App(), 'Ci'), 'Ci', { provider, ...props } as EcrCiPrincipalProps);

  test.each<[string, Partial<EcrCiPrincipalProps>, RegExp]>([
    ['no provider', { provider: undefined }, /^Invalid EcrCiPrincipal props at 'Ci\/Ci' \(1 problem\):\n {2}- provider: is missing and must say who assumes the role/],
    ['a role name with a space', { roleName: 'ci role' }, /roleName: got 'ci role': is not an IAM role name[^]*Fix: use a name such as 'ci-role'/],
    ['a role name over 64 characters', { roleName: 'r'.repeat(65) }, /roleName: got 'r{65}'/],
    ['a session of 30 minutes', { maxSessionDuration: Duration.minutes(30) }, /maxSessionDuration: got 'Duration.minutes\(30\)': is outside what IAM allows \(one to twelve hours\)/],
    ['a session of a day', { maxSessionDuration: Duration.days(1) }, /maxSessionDuration: got 'Duration.days\(1\)'/],
    ['a push entry that is not a repository', { push: ['team-a/api' as any] }, /push\[0\]: got 'team-a\/api': is not an ECR repository[^]*fromRepositoryName/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test.each([
    ['an upper-case namespace', 'Team-A/', /namespace: got 'Team-A\/': is not a repository namespace[^]*Fix: use a namespace such as 'team-a\/'/],
    ['a wildcard before the end', 'team-*/api', /namespace: got 'team-\*\/api': holds a wildcard before its end[^]*Fix: use 'team-\*' for the names that start with 'team-', or 'team\/' for the namespace/],
    ['an empty namespace', '', /namespace: got '': would cover every repository of the account/],
    ['every repository', '*', /namespace: got '\*': would cover every repository of the account/],
    ['a namespace starting with a slash', '/team-a', /namespace: got '\/team-a'/],
    ['a text prefix without its *', 'sandbox-', /namespace: got 'sandbox-': is not a repository namespace[^]*Fix: write 'sandbox-\*' for the names that start with 'sandbox-' \(a text pattern\), or 'sandbox\/' for the namespace/],
  ])('allowCreateRepositories: %s', (_name, namespace, message) => {
    const ci = build({})();
    expect(() => ci.allowCreateRepositories(namespace)).toThrow(new RegExp(`^Invalid EcrCiPrincipal.allowCreateRepositories\\(\\) at 'Ci/Ci'[^]*${message.source}`));
  });
});
