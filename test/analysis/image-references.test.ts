import { ACCOUNT, OTHER_ACCOUNT, REGION, stackTemplate, templateSet } from './templates';
import { AccessModel } from '../../src/analysis/access-model';
import { appImageOf } from '../../src/analysis/image-references';

// Image names as ECS and Lambda take them: `<registry>/<repository>:<tag>` or `@<digest>`
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html), with no
// tag meaning `latest`; only repositories of the app count.

const model = new AccessModel(templateSet(stackTemplate('Registry', {
  Api: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'team-a/api' } },
})));
const host = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;

test.each([
  [`${host}/team-a/api:v1`, { tag: 'v1' }],
  [`${host}/team-a/api`, { tag: 'latest' }],
  [`${host}/team-a/api@sha256:94afd1f2e64d908bc90dbca0035a5b567EXAMPLE`, {}],
  // dual-stack and FIPS endpoints name the same registry
  [`${ACCOUNT}.dkr-ecr.${REGION}.on.aws/team-a/api:v2`, { tag: 'v2' }],
  [`${ACCOUNT}.dkr.ecr-fips.${REGION}.amazonaws.com/team-a/api:v3`, { tag: 'v3' }],
])('%s is team-a/api of the app', (uri, expected) => {
  const image = appImageOf(model, uri);
  expect(image?.repository.resource.logicalId).toEqual('Api');
  expect({ ...image?.tag !== undefined ? { tag: image.tag } : {} }).toEqual(expected);
});

test.each([
  `${OTHER_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/team-a/api:v1`,
  `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/team-a/api:v1`,
  `${host}/team-a/other:v1`,
  'public.ecr.aws/docker/library/node:20',
  'nginx:latest',
])('%s is no image of the app', (uri) => {
  expect(appImageOf(model, uri)).toBeUndefined();
});
