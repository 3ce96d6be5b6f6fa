import { App, Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LifecycleAction, LifecycleCountType, PushableRepository } from '../../../src';
import { applyLifecyclePolicy, ImageState } from '../../helpers/lifecycle-evaluator';
import { aspectFindings, pluginFindings, Reported } from '../findings';
import { registryApp } from '../fixtures';

// A lifecycle rule that can archive or expire an image the app's ECS task definitions or Lambda
// functions name by tag. This is not IAM: the IAM evaluator has nothing to say. The independent
// lifecycle evaluator (test/helpers/lifecycle-evaluator.ts, written from AWS's pages apart from src/)
// confirms each case instead: with the tagged image old, unpulled and behind many newer images, a
// flagged policy archives or expires it, and a compliant one keeps it.
// Image names as ECS documents them: `<registry>/<repository>:<tag>` or `@<digest>`
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html).

const RULE = 'lifecycle-removes-referenced-image';
const only = (findings: Reported[]) => findings.filter((f) => f.ruleId === RULE);

/** The worst case for the tagged image: pushed and last pulled long ago, with many newer images. */
function worstCase(tag: string): Record<string, ImageState> {
  const images: Record<string, ImageState> = { referenced: { tags: [tag], pushedDaysAgo: 400, pulledDaysAgo: 400 } };
  for (let i = 0; i < 30; i++) images[`newer${i}`] = { tags: [`${tag}-build${i}`], pushedDaysAgo: i, pulledDaysAgo: i };
  return images;
}

/** What the independent evaluator does to the referenced image under the repository's synthesized policy. */
function outcome(app: App, repository: PushableRepository, tag: string): string {
  const template = app.synth().getStackByName(repository.stack.stackName).template;
  const logicalId = repository.stack.resolve((repository.node.defaultChild as ecr.CfnRepository).logicalId);
  return applyLifecyclePolicy(template.Resources[logicalId].Properties.LifecyclePolicy.LifecyclePolicyText, worstCase(tag)).referenced;
}

function fargate(repository: PushableRepository, tagOrDigest?: string) {
  const task = new ecs.FargateTaskDefinition(repository.stack, 'Task');
  task.addContainer('web', { image: ecs.ContainerImage.fromEcrRepository(repository, tagOrDigest) });
  return task;
}

describe('compliant', () => {
  test.each([
    // AWS's "Filtering on untagged images" example: untagged rules never reach a tag
    ['an untagged-only rule', { lifecycleRules: [{ tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(14) }] }, 'v1'],
    // the tag the service runs is kept by a rule that selects it alone, before the "any" rule
    ['a rule keeping the exact tag before an "any" rule', { lifecycleRules: [{ rulePriority: 1, tagPatternList: ['v1'], maxImageCount: 1 }, { rulePriority: 2, maxImageCount: 10 }] }, 'v1'],
    // aws-cdk-lib's aws-ecr README: expire feature branches; the service runs a release tag
    ['a prefix the tag does not start with', { lifecycleRules: [{ tagPrefixList: ['feature-'], maxImageCount: 5 }] }, 'v1'],
  ])('%s', (_, props, tag) => {
    // GIVEN
    const { app, stack } = registryApp();
    const repository = new PushableRepository(stack, 'Web', { repositoryName: 'team-a/web', ...props });
    fargate(repository, tag);
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
    expect(outcome(app, repository, tag)).toEqual('kept');
  });

  test('an image named by digest is not judged', () => {
    // GIVEN: an "any" rule, and the task pinned to a digest (ECS's documented `@sha256:` form)
    const { app, stack } = registryApp();
    const repository = new PushableRepository(stack, 'Web', { repositoryName: 'team-a/web', lifecycleRules: [{ maxImageCount: 3 }] });
    fargate(repository, 'sha256:94afd1f2e64d908bc90dbca0035a5b567e0000000000000000000000000000000');
    // WHEN / THEN
    expect(only(aspectFindings(app))).toEqual([]);
  });
});

describe('non-compliant', () => {
  test('aws-cdk-lib\'s README rules (keep 9999 prod, expire after 30 days) and a service on `latest`: the "any" rule expires it', () => {
    // GIVEN: https://github.com/aws/aws-cdk/blob/main/packages/aws-cdk-lib/aws-ecr/README.md (Lifecycle rules)
    const { app, stack } = registryApp();
    const repository = new PushableRepository(stack, 'Web', { repositoryName: 'team-a/web' });
    repository.addLifecycleRule({ tagPrefixList: ['prod'], maxImageCount: 9999 });
    repository.addLifecycleRule({ maxImageAge: Duration.days(30) });
    fargate(repository);
    // WHEN
    const findings = only(aspectFindings(app));
    // THEN: both modes, on the repository, naming the rule, the tag and the task definition
    expect(only(pluginFindings(app)).map((f) => [f.ruleId, f.path])).toEqual([[RULE, 'Registry/Web/Resource']]);
    expect(findings.map((f) => [f.level, f.path])).toEqual([['warning', 'Registry/Web/Resource']]);
    // rule 1 is the library's own (untagged images); the README's two follow
    expect(findings[0].text).toContain('Lifecycle rule 3 (sinceImagePushed 30) can expire (delete) the image tagged \'latest\' '
      + 'that the ECS task definition \'Registry/Task\' runs (Properties/ContainerDefinitions/0/Image): the next task start fails to pull it.');
    expect(findings[0].text).toContain('"tagPatternList":["latest"]');
    expect(outcome(app, repository, 'latest')).toEqual('expired');
  });

  test('a Lambda function on a tag that an archive rule (sinceImagePulled) can move to archive storage', () => {
    // GIVEN: the library's archive rule, as in examples/image-archive.ts, without a rule keeping the tag
    const { app, stack } = registryApp();
    const repository = new PushableRepository(stack, 'Web', {
      repositoryName: 'team-a/web',
      imageLifecycleRules: [{ countType: LifecycleCountType.SINCE_IMAGE_PULLED, countNumber: 90, action: LifecycleAction.ARCHIVE }],
    });
    new lambda.DockerImageFunction(stack, 'Fn', { code: lambda.DockerImageCode.fromEcr(repository, { tagOrDigest: 'stable' }) });
    // WHEN
    const [finding, ...rest] = only(aspectFindings(app));
    // THEN
    expect(rest).toEqual([]);
    expect(finding.text).toContain('can archive (pulls of an archived image answer 404 until it is restored) the image tagged \'stable\' that the Lambda function \'Registry/Fn\' runs');
    expect(finding.text).toContain('the next deployment of the function (or its start after it went idle) fails to pull it');
    expect(outcome(app, repository, 'stable')).toEqual('archived');
  });

  test('a prefix rule keeping the newest 5 "prod" images and a task on prod-2024 (AWS\'s "Filtering on tag prefix" example)', () => {
    // GIVEN: https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html
    const { app, stack } = registryApp();
    const repository = new PushableRepository(stack, 'Web', { repositoryName: 'team-a/web', lifecycleRules: [{ tagPrefixList: ['prod'], maxImageCount: 5 }] });
    fargate(repository, 'prod-2024');
    // WHEN
    const [finding] = only(aspectFindings(app));
    // THEN: a newer prod image pushes it out of the count
    expect(finding.text).toContain('Lifecycle rule 1 (imageCountMoreThan 5) can expire (delete) the image tagged \'prod-2024\'');
    expect(outcome(app, repository, 'prod-2024')).toEqual('expired');
  });
});
