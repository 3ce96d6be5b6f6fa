import { diagnose } from '../../../src';

// ECR cannot be reached: the endpoint in the message, the three endpoints a private subnet needs.

test('Fargate cannot reach the ECR API: login endpoint and region from the URL', () => {
  // GIVEN github.com/aws/copilot-cli/issues/5927
  const d = diagnose('ResourceInitializationError: unable to pull secrets or registry auth: The task cannot pull registry auth from Amazon ECR: There is a connection issue between the task and Amazon ECR. Check your task network configuration. RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp 172.40.1.94:443: i/o timeout');
  // THEN
  const { explanation, fix, ...fields } = d;
  expect(fields).toStrictEqual({ kind: 'network', action: 'ecr:GetAuthorizationToken', region: 'us-east-1' });
  expect(explanation).toMatch(/^The client could not reach the ECR API endpoint \(api\.ecr\.us-east-1\.amazonaws\.com, for the login\).*no policy change fixes it\.$/);
  expect(fix?.steps[1]).toContain('com.amazonaws.us-east-1.ecr.api and com.amazonaws.us-east-1.ecr.dkr');
  expect(fix?.cdk).toMatch(/InterfaceVpcEndpointAwsService\.ECR\b[\s\S]*ECR_DOCKER[\s\S]*GatewayVpcEndpointAwsService\.S3/);
  expect(fix?.identityPolicy).toBeUndefined();
});

test('a kubelet timeout on the registry: the image of the message', () => {
  // GIVEN github.com/aws/containers-roadmap (real-messages.json: eks-fargate-kubelet-registry-dial-timeout)
  const d = diagnose('Failed to pull image "REDACTED.dkr.ecr.us-east-2.amazonaws.com/test:latest": failed to do request: Head "https://REDACTED.dkr.ecr.us-east-2.amazonaws.com/v2/test/manifests/latest": dial tcp 20.10.1.141:443: i/o timeout');
  // THEN
  expect(d).toMatchObject({ kind: 'network', region: 'us-east-2', repositoryName: 'test', tag: 'latest' });
  expect(d.resourceAccount).toBeUndefined();
});

test('the dual-stack host over IPv6 with no route: the IPv6 path or the IPv4 host, and the dual-stack login endpoint', () => {
  // GIVEN (constructed from AWS's documented dual-stack host form, ecr-requests.html; real-messages.json: dual-stack-registry-ipv6-network-unreachable-synthetic)
  const d = diagnose('Error response from daemon: Get "https://111122223333.dkr-ecr.eu-west-1.on.aws/v2/": dial tcp [2a05:d018:1234:5600::1]:443: connect: network is unreachable');
  // THEN
  expect(d).toMatchObject({ kind: 'network', resourceAccount: '111122223333', region: 'eu-west-1' });
  expect(d.fix?.steps).toContain('111122223333.dkr-ecr.eu-west-1.on.aws is ECR\'s dual-stack host: it resolves to IPv6 addresses too, so an IPv6 attempt needs an IPv6 route from the subnet '
    + '(an egress-only internet gateway); with no IPv6 path, use the IPv4-only host 111122223333.dkr.ecr.eu-west-1.amazonaws.com.');
  expect(d.fix?.steps.join('\n')).toContain('ecr.eu-west-1.api.aws');
});

test('the IPv4 host gets no dual-stack step', () => {
  const d = diagnose('Error response from daemon: Get "https://111122223333.dkr.ecr.eu-west-1.amazonaws.com/v2/": dial tcp 52.95.1.1:443: i/o timeout');
  expect(d.kind).toBe('network');
  expect(d.fix?.steps.join('\n')).not.toContain('dual-stack');
});
