import { KindAdvice } from './kind-advice';
import { describeRepository } from '../describe';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';
import { SignalDetail } from '../signals';

// The repository is not in that registry (account and region): no policy fixes that. The message's
// own name goes into the fix, so a URI given as a name or a tag written as a path segment shows.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeRepositories.html

export const repositoryNotFound: KindAdvice = {
  kind: DiagnosisKind.REPOSITORY_NOT_FOUND,
  title: 'The repository does not exist',

  explanation({ facts }) {
    const repository = describeRepository(facts.repositoryName, facts.resourceAccount, facts.region);
    switch (facts.detail) {
      case SignalDetail.PUSH_EOF:
        return `The push to ${repository} ended in EOF when it started a layer upload. ECR answers so when the repository does not exist, ` +
          'and also when the pushing role may not push (ecr:InitiateLayerUpload, ecr:PutImage): check both, the repository first.';
      case SignalDetail.CDK_BOOTSTRAP:
        return `CDK's asset repository (${facts.repositoryName ?? 'cdk-<qualifier>-container-assets-<account>-<region>'}) does not exist: the environment is not bootstrapped, or the repository was deleted outside CloudFormation. Not an access error.`;
      case SignalDetail.URI_AS_NAME:
        return `The repository name '${facts.repositoryName}' is a full image URI: ECR expects the name alone (the part after the registry host). Not an access error.`;
      default:
        return `${capitalize(repository)} does not exist in that registry: the name, the account or the region differs from where it was created. Not an access error.`;
    }
  },

  fix({ facts }) {
    const name = facts.repositoryName ?? PLACEHOLDER.repositoryName;
    const region = facts.region ?? PLACEHOLDER.region;
    const list = `\`aws ecr describe-repositories --registry-id ${facts.resourceAccount ?? PLACEHOLDER.account} --region ${region}\``;
    const steps = [
      `See which repositories exist in that registry and region: ${list}. Names are case-sensitive and include the namespace ('team-a/api').`,
      'A tag goes after a colon, not a slash (\'api:1.0.0\', not \'api/1.0.0\'), and a Docker Hub image without a registry host is not looked up in ECR.',
      'Create the repository before the first push, in the app, or let the CI role create repositories under a namespace: `ci.allowCreateRepositories(\'team-a/\')`.',
    ];
    if (facts.detail === SignalDetail.CDK_BOOTSTRAP) {
      steps.unshift(`Bootstrap the environment again: \`cdk bootstrap aws://${facts.resourceAccount ?? PLACEHOLDER.account}/${region}\`. If the CDKToolkit update fails with NotFound, the repository was deleted outside CloudFormation: delete and re-create the toolkit stack.`);
    }
    if (facts.detail === SignalDetail.PUSH_EOF) {
      steps.push('If the repository exists, the push is denied: run `aws ecr initiate-layer-upload` with the same credentials and `cdk-ecr-access diagnose` its message.');
    }
    return { cdk: `new PushableRepository(this, 'Repository', { repositoryName: '${name}' });`, steps };
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
