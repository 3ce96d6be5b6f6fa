import { isKnown } from '../../analysis/cfn-values';
import { constructLabel } from '../../analysis/describe';
import { ImageReference, imageReferences } from '../../analysis/image-references';
import { lifecyclePolicyText, ruleRemovingTag } from '../../analysis/lifecycle-selection';
import { RepositoryView } from '../../analysis/model-views';
import { EcrCheckLevel } from '../check-level';
import { Rule } from '../rule';

// ECR: "Archived images cannot be pulled. Requests to pull the archived image will fail with a 404
// error" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html), and an expired
// image is deleted. A task or function that names the image by tag pulls it again whenever a task
// starts or the function is deployed or updated.

const LOCATION = 'Properties/LifecyclePolicy/LifecyclePolicyText';

/**
 * Catches a repository whose lifecycle policy has a rule that can archive or expire an image that an
 * ECS task definition or a Lambda function of the app names by tag: the next task start (or
 * function deployment) fails to pull it. An image named by digest is not judged (a digest names one
 * image; keeping it is the deployment's business), nor a tag known only at deploy time.
 */
export const lifecycleRemovesReferencedImage: Rule = {
  id: 'lifecycle-removes-referenced-image',
  level: EcrCheckLevel.WARNING,
  summary: 'A lifecycle rule that can archive or expire an image an ECS task definition or Lambda function of the app names by tag',
  why: 'ECR says "Archived images cannot be pulled. Requests to pull the archived image will fail with a 404 error", and an expired image is gone: '
    + 'the next ECS task that starts, or the next deployment of the Lambda function, cannot pull the tag it names. A rule selects the tag by '
    + '`tagStatus: any`, or `tagged` with a matching prefix or pattern; `imageCountMoreThan` drops a tag once newer images are pushed.',
  fix: 'Keep each tag the app runs with a higher-priority rule that selects only it (`tagPatternList: [<tag>]`, `imageCountMoreThan 1`), name the image by digest, or acknowledge the rule when the tag is re-pushed before the rule can reach it',
  check(context) {
    const references = imageReferences(context.model).filter((r) => r.tag !== undefined);
    const byRepository = new Map<RepositoryView, ImageReference[]>();
    for (const r of references) byRepository.set(r.repository, [...byRepository.get(r.repository) ?? [], r]);
    for (const [repository, refs] of byRepository) {
      context.guard(repository.resource, LOCATION, () => {
        const text = lifecyclePolicyText(context.model, repository);
        if (text === undefined) return;
        if (!isKnown(text)) {
          context.notChecked(repository.resource, LOCATION, 'its lifecycle policy is known only at deploy time');
          return;
        }
        const policy = JSON.parse(text);
        const reported = new Set<string>();
        for (const ref of refs) {
          const rule = ruleRemovingTag(policy, ref.tag!);
          const key = `${ref.tag}\u0000${constructLabel(ref.resource)}`;
          if (!rule || reported.has(key)) continue;
          reported.add(key);
          const what = rule.action === 'transition' ? 'archive (pulls of an archived image answer 404 until it is restored)' : 'expire (delete)';
          context.report({
            resource: repository.resource,
            location: LOCATION,
            message: `lifecycle rule ${rule.rulePriority} (${rule.countType} ${rule.countNumber}) can ${what} the image tagged '${ref.tag}' `
              + `that ${referrer(ref)} '${constructLabel(ref.resource)}' runs (${ref.location}): the next ${ref.resource.type === 'AWS::Lambda::Function' ? 'deployment of the function (or its start after it went idle)' : 'task start'} fails to pull it.`,
            fix: `keep the tag with a rule ECR applies before rule ${rule.rulePriority} (a lower rulePriority; renumber the others if needed): {"selection":{"tagStatus":"tagged","tagPatternList":["${ref.tag}"],`
              + '"countType":"imageCountMoreThan","countNumber":1},"action":{"type":"expire"}} selects that one image and never counts it out '
              + `(lifecycleRules: [{ rulePriority: 1, tagPatternList: ['${ref.tag}'], maxImageCount: 1 }]); or name the image by digest; or acknowledge it if the tag is re-pushed before the rule can act`,
          });
        }
      });
    }
  },
};

function referrer(ref: ImageReference): string {
  return ref.resource.type === 'AWS::Lambda::Function' ? 'the Lambda function' : 'the ECS task definition';
}
