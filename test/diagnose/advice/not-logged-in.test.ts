import { diagnose } from '../../../src';
import * as M from '../messages';

// The client sent no valid registry credentials: a login to run, for exactly the registry's host.

test.each([
  ['no credentials for the host (docker)', M.DOCKER_NO_BASIC_AUTH, /^The client sent no registry credentials for 533243300146\.dkr\.ecr\.us-east-1\.amazonaws\.com: it is not logged in to exactly this registry/],
  ['an expired login', M.EXPIRED_REGISTRY_LOGIN, /^The registry login for .* has expired: ECR logins last 12 hours\./],
  ['a rejected login', M.LOGIN_REJECTED, /^The registry 111111111111\.dkr\.ecr\.eu-west-1\.amazonaws\.com rejected the login: the password must come from `aws ecr get-login-password` in the registry's own region \(eu-west-1\)\./],
])('%s', (_, text, explanation) => {
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d.kind).toBe('not-logged-in');
  expect(d.explanation).toMatch(explanation);
  expect(d.explanation).toMatch(/ Not a policy problem\./);
  expect(d.fix?.steps[0]).toMatch(/^Log in to this registry right before the pull or push: `aws ecr get-login-password --region [a-z0-9-<>]+ \| docker login --username AWS --password-stdin /);
  expect(d.fix?.identityPolicy).toBeUndefined();
});

test('an expired login adds the credential helper for long jobs, second', () => {
  expect(diagnose(M.EXPIRED_REGISTRY_LOGIN).fix?.steps[1]).toBe('For long jobs, use amazon-ecr-credential-helper, which renews the login.');
  expect(diagnose(M.DOCKER_NO_BASIC_AUTH).fix?.steps).toHaveLength(4);
});

test('a host whose account is a placeholder is written with <account-id>', () => {
  expect(diagnose(M.ACCOUNT_NUMBER_PLACEHOLDER).fix?.steps[0]).toContain('--password-stdin <account-id>.dkr.ecr.eu-west-1.amazonaws.com`');
});

test.each([
  // constructed from AWS's documented dual-stack host forms (ecr-requests.html, public-ecr-requests.html): logins are per host
  ['the private dual-stack host', 'failed to resolve ref 381492030185.dkr-ecr.eu-central-1.on.aws/app:v1: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials',
    '--password-stdin 381492030185.dkr-ecr.eu-central-1.on.aws`'],
  ['ECR Public\'s dual-stack host', 'Error response from daemon: Head "https://ecr-public.aws.com/v2/nginx/nginx/manifests/1.27": denied: Your authorization token has expired. Reauthenticate and try again.',
    'aws ecr-public get-login-password --region us-east-1 | docker login --username AWS --password-stdin ecr-public.aws.com`'],
])('the login names %s, as written', (_, text, login) => {
  // WHEN
  const d = diagnose(text);
  // THEN
  expect(d.kind).toBe('not-logged-in');
  expect(d.fix?.steps[0]).toContain(login);
});

test.each(['public.ecr.aws', 'ecr-public.aws.com'])('an expired ECR Public login is explained with its host, %s, not a private registry\'s', (host) => {
  const d = diagnose(`Error response from daemon: Head "https://${host}/v2/nginx/nginx/manifests/1.27": denied: Your authorization token has expired. Reauthenticate and try again.`);
  expect(d.explanation).toBe(`The registry login for ${host} has expired: ECR logins last 12 hours. Not a policy problem.`);
});

test.each(['public.ecr.aws', 'ecr-public.aws.com'])('a login to ECR Public named by its host alone, %s, is explained as ECR Public\'s', (host) => {
  // constructed from docker's own wording ("login attempt to <host> failed with status: …"), with ECR Public's hosts
  // GIVEN
  const rejected = `Error response from daemon: login attempt to ${host} failed with status: 400 Bad Request`;
  const unauthorized = `docker login ${host}: 401 Unauthorized`;
  // WHEN
  const [r, u] = [diagnose(rejected), diagnose(unauthorized)];
  // THEN
  expect([r.kind, u.kind]).toEqual(['not-logged-in', 'not-logged-in']);
  expect(r.explanation).toBe(`The registry ${host} rejected the login: the password must come from \`aws ecr-public get-login-password --region us-east-1\`. Not a policy problem.`);
  expect(u.explanation).toBe(`The client sent no registry credentials for ${host}: it is not logged in to ECR Public at this host (a login counts for one host). Not a policy problem.`);
  expect(u.fix?.steps[0]).toContain(`docker login --username AWS --password-stdin ${host}\``);
  expect(u.fix?.steps.join(' ')).not.toContain('.dkr.ecr.');
});
