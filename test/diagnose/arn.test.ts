import { CallerType, fixPrincipalArnOf, parseCaller, parseRepositoryArn, policyPrincipalArnOf, splitArn } from '../../src/diagnose/arn';

// ARNs as error messages write them: split leniently (placeholders and all), never thrown on; a
// session becomes the role a policy can name.

test.each([
  ['arn:aws:sts::222222222222:assumed-role/ci/gh-42', { type: CallerType.ASSUMED_ROLE, account: '222222222222', partition: 'aws', roleName: 'ci' }],
  ['arn:aws:iam::222222222222:role/service-role/build', { type: CallerType.ROLE, roleName: 'build', rolePath: 'service-role/' }],
  ['arn:aws:iam::222222222222:user/dev', { type: CallerType.USER }],
  ['arn:aws:iam::222222222222:root', { type: CallerType.ROOT }],
  ['arn:aws:sts::222222222222:federated-user/bob', { type: CallerType.FEDERATED_USER }],
  ['arn:aws:sts::<account>:assumed-role/ci/x', { type: CallerType.ASSUMED_ROLE, accountText: '<account>', account: undefined }],
  ['arn:aws:sts::222222222222:assumed-role/AWSReservedSSO_Dev_abc/me', { roleName: 'AWSReservedSSO_Dev_abc', rolePath: 'aws-reserved/sso.amazonaws.com/', identityCenterRole: true }],
  ['arn:aws:ec2:us-east-1:222222222222:instance/i-1', { type: CallerType.OTHER }],
])('parseCaller(%j)', (arn, expected) => {
  expect(parseCaller(arn)).toMatchObject(expected);
});

test('a session\'s role takes the path of the same role named elsewhere in the text', () => {
  // WHEN
  const caller = parseCaller('arn:aws:sts::333333333333:assumed-role/codebuild-api/AWSCodeBuild-1', ['arn:aws:iam::333333333333:role/service-role/codebuild-api']);
  // THEN
  expect(caller?.rolePath).toBe('service-role/');
  expect(parseCaller('arn:aws:sts::333333333333:assumed-role/codebuild-api/AWSCodeBuild-1')?.rolePath).toBeUndefined();
  expect(policyPrincipalArnOf(caller!)).toBe('arn:aws:iam::333333333333:role/service-role/codebuild-api');
});

test('the ARN a policy names: the role of a session, users and roots as they are; placeholders only for a fix', () => {
  expect(policyPrincipalArnOf(parseCaller('arn:aws:sts::222222222222:assumed-role/ci/gh-42')!)).toBe('arn:aws:iam::222222222222:role/ci');
  expect(policyPrincipalArnOf(parseCaller('arn:aws:iam::222222222222:user/dev')!)).toBe('arn:aws:iam::222222222222:user/dev');
  expect(policyPrincipalArnOf(parseCaller('arn:aws:sts::<account>:assumed-role/ci/x')!)).toBeUndefined();
  expect(fixPrincipalArnOf(parseCaller('arn:aws:sts::<account>:assumed-role/ci/x')!, 'aws', '<account-id>')).toBe('arn:aws:iam::<account-id>:role/ci');
  expect(fixPrincipalArnOf(parseCaller('arn:aws:ec2:us-east-1:222222222222:instance/i-1')!, 'aws', '<account-id>')).toBeUndefined();
});

test('a repository ARN, with what is usable of it; anything else is not one', () => {
  expect(parseRepositoryArn('arn:aws:ecr:us-east-1:111111111111:repository/team-a/api'))
    .toEqual({ account: '111111111111', region: 'us-east-1', partition: 'aws', repositoryName: 'team-a/api', accountText: '111111111111' });
  expect(parseRepositoryArn('arn:aws:ecr:<region>:XXX:repository/<repo>'))
    .toEqual({ account: undefined, region: undefined, partition: 'aws', repositoryName: undefined, accountText: 'XXX' });
  expect(parseRepositoryArn('arn:aws:ecs:us-east-1:111111111111:repository/api')).toBeUndefined();
  expect(splitArn('arn:aws:iam::1:')).toBeUndefined();
});
