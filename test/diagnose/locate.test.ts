import { DiagnosisKind } from '../../src';
import { namedRepositoryFacts, notFoundFacts, placesOf, withLocation, withRegistry } from '../../src/diagnose/locate';
import { findRegistryReferences } from '../../src/diagnose/registry';

// Facts get their place from the text around the error: hosts, endpoints, ECR's own sentences.

const base = { kind: DiagnosisKind.NETWORK, pushing: false, unusable: [] as string[] };

test('a name and registry id cut by a terminal line break are read whole', () => {
  expect(notFoundFacts('The repository with name \'cdk-hnb659fds-con tainer-assets-481173391592-us-east-1\' does not exist in the registry with id \'4 81173391592\''))
    .toEqual({ repositoryName: 'cdk-hnb659fds-container-assets-481173391592-us-east-1', resourceAccount: '481173391592' });
});

test('the immutable-tag sentence names the repository', () => {
  expect(namedRepositoryFacts('The image tag \'v1\' already exists in the \'app_service_image\' repository')).toEqual({ repositoryName: 'app_service_image' });
});

test('the tag of a login host is no tag: only image references count', () => {
  // GIVEN a login to one host, then a push of a tagged image
  const text = 'docker login 111111111111.dkr.ecr.us-east-1.amazonaws.com\ndocker push 111111111111.dkr.ecr.us-east-1.amazonaws.com/api:1.2';
  // WHEN
  const facts = withRegistry(base, findRegistryReferences(text));
  // THEN
  expect([facts.repositoryName, facts.tag]).toEqual(['api', '1.2']);
});

test('a registry host with a placeholder region: the region is unknown, whatever else the log says', () => {
  const text = 'aws ecr get-login --region eu-west-1\nGet https://{accountID}.dkr.ecr.{us-west1}.amazonaws.com/v2/test/mydockerimage/manifests/latest';
  const facts = withLocation(withRegistry(base, findRegistryReferences(text)), placesOf(text));
  expect([facts.region, facts.repositoryName, facts.tag]).toEqual([undefined, 'test/mydockerimage', 'latest']);
});

test('ECR Public: the path after the host, and the public host for the login', () => {
  const facts = withLocation(withRegistry(base, []), placesOf('docker pull public.ecr.aws/aws-ia/taskcat:latest'));
  expect([facts.repositoryName, facts.tag, facts.registryHost]).toEqual(['aws-ia/taskcat', 'latest', 'public.ecr.aws']);
});
