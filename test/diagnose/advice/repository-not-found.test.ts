import { diagnose } from '../../../src';

// The repository is not in that registry: the message's own name in the fix, and the EOF of a push
// named as what it may be (a missing repository, or a push not allowed).

test('name unknown: the repository and registry of the message, and the code that creates it', () => {
  // GIVEN github.com/fabric8io/docker-maven-plugin (real-messages.json: maven-plugin-docker-hub-base-from-ecr)
  const d = diagnose('[ERROR] DOCKER> name unknown: The repository with name \'tomcat\' does not exist in the registry with id \'295240448163\' (Internal Server Error: 500)');
  // THEN
  expect(d).toMatchObject({ kind: 'repository-not-found', repositoryName: 'tomcat', resourceAccount: '295240448163' });
  expect(d.explanation).toMatch(/^Repository 'tomcat' in account 295240448163 does not exist in that registry.*Not an access error\.$/);
  expect(d.fix?.cdk).toBe('new PushableRepository(this, \'Repository\', { repositoryName: \'tomcat\' });');
  expect(d.fix?.steps[0]).toContain('aws ecr describe-repositories --registry-id 295240448163 --region <region>');
});

test('an EOF on the blob upload of a push: the repository, or the permission to push', () => {
  // GIVEN github.com/docker/buildx/issues/2139
  const d = diagnose('failed to do request: Post "https://xxxxxxxx.dkr.ecr.cn-north-1.amazonaws.com.cn/v2/ai-lab-cn/streamlit-athena-glue-table/blobs/uploads/": EOF');
  // THEN
  expect(d).toMatchObject({ kind: 'repository-not-found', region: 'cn-north-1', repositoryName: 'ai-lab-cn/streamlit-athena-glue-table' });
  expect(d.explanation).toMatch(/ended in EOF.*does not exist, and also when the pushing role may not push/);
  expect(d.fix?.steps.at(-1)).toMatch(/^If the repository exists, the push is denied/);
});

test('CDK\'s bootstrap repository: bootstrap the environment of the message', () => {
  // GIVEN github.com/aws/aws-cdk (real-messages.json: cdk-bootstrap-repo-missing-terminal-wrapped, unwrapped here)
  const d = diagnose('Resource handler returned message: "The repository with name \'cdk-hnb659fds-container-assets-481173391592-us-east-1\' does not exist in the registry with id \'481173391592\' (Service: Ecr, Status Code: 400)"');
  // THEN
  expect(d).toMatchObject({ kind: 'repository-not-found', region: 'us-east-1', resourceAccount: '481173391592' });
  expect(d.fix?.steps[0]).toMatch(/^Bootstrap the environment again: `cdk bootstrap aws:\/\/481173391592\/us-east-1`/);
});

test('a full image URI given as the name is said to be one', () => {
  // GIVEN github.com/actions/starter-workflows/issues/2647
  const d = diagnose('name unknown: The repository with name \'public.ecr.aws/a1e6v7a9/myrepo\' does not exist in the registry with id \'xxx\'');
  // THEN
  expect(d.explanation).toMatch(/^The repository name 'public\.ecr\.aws\/a1e6v7a9\/myrepo' is a full image URI/);
});
