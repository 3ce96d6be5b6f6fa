import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';
import { SignalDetail } from '../signals';

// A pull needs three endpoints: the ECR API (login), the registry, and S3 (layers). From a private
// subnet: a NAT gateway, or the ecr.api and ecr.dkr interface endpoints plus the S3 gateway endpoint.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
// The dual-stack registry host (`<account>.dkr-ecr.<region>.on.aws`) also resolves to IPv6 addresses;
// the login goes to the API endpoint, IPv4 only unless the client asks for `ecr.<region>.api.aws`.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html

export const network: KindAdvice = {
  kind: DiagnosisKind.NETWORK,
  title: 'ECR cannot be reached',

  explanation({ facts }) {
    const what = facts.detail === SignalDetail.API_ENDPOINT ? `the ECR API endpoint (api.ecr.${facts.region ?? PLACEHOLDER.region}.amazonaws.com, for the login)`
      : facts.detail === SignalDetail.LAYER_BUCKET ? 'the S3 bucket ECR serves image layers from'
        : 'the registry or the endpoints behind it';
    return `The client could not reach ${what}: the request timed out or the name did not resolve. A network path is missing ` +
      '(NAT gateway, public IP, or VPC endpoints); no policy change fixes it.';
  },

  fix({ facts }) {
    const region = facts.region ?? PLACEHOLDER.region;
    const dualStack = facts.registryHost !== undefined && /\.dkr-ecr(?:-fips)?\./i.test(facts.registryHost) ? [
      `${facts.registryHost} is ECR's dual-stack host: it resolves to IPv6 addresses too, so an IPv6 attempt needs an IPv6 route from the subnet (an egress-only internet gateway); ` +
        `with no IPv6 path, use the IPv4-only host ${facts.resourceAccount ?? PLACEHOLDER.account}.dkr.ecr.${region}.amazonaws.com.`,
      `From an IPv6-only network, log in through the API's dual-stack endpoint ecr.${region}.api.aws as well (AWS CLI: \`AWS_USE_DUALSTACK_ENDPOINT=true\` or \`aws configure set default.ecr.use_dualstack_endpoint true\`).`,
    ] : [];
    return {
      cdk: 'vpc.addInterfaceEndpoint(\'EcrApi\', { service: ec2.InterfaceVpcEndpointAwsService.ECR });\n' +
        'vpc.addInterfaceEndpoint(\'EcrDocker\', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER });\n' +
        'vpc.addGatewayEndpoint(\'S3\', { service: ec2.GatewayVpcEndpointAwsService.S3 }); // image layers',
      steps: [
        'Give the subnet a path to the internet (a NAT gateway; on Fargate in a public subnet, assignPublicIp), or add VPC endpoints.',
        `With VPC endpoints, all three: com.amazonaws.${region}.ecr.api and com.amazonaws.${region}.ecr.dkr (interface, private DNS on, security group allowing 443 from the tasks) and the S3 gateway endpoint on the subnets' route tables.`,
        'Behind a proxy, set HTTPS_PROXY and NO_PROXY for the Docker daemon, containerd and the ECS agent.',
        'A Docker Hub pull through cache rule may send layer downloads to Docker Hub\'s CDN: that needs internet access.',
        ...dualStack,
      ],
    };
  },
};
