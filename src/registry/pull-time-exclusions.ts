import { Names } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { InputProblems, isToken } from '../private/input-problems';

// ECR records an image's last pull on every pull except Inspector's, and `sinceImagePulled` lifecycle
// rules count from it: a scanner or audit role that pulls every image daily keeps every image
// "recently pulled", so none is ever archived. A pull-time update exclusion names a role whose pulls
// leave the time unchanged. https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-time-update-exclusions.html

/** "You can configure up to 100 exclusions per account." */
const MAX_EXCLUSIONS = 100;
// the API's pattern, restricted to roles: "Only valid IAM role ARNs in the correct ARN format are accepted"
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[\w+=,.@-]+(\/[\w+=,.@-]+)*$/;

/** The pull-time update exclusions of one registry: one `AWS::ECR::PullTimeUpdateExclusion` per role. */
export class PullTimeUpdateExclusions {
  private readonly arns = new Set<string>();

  constructor(private readonly scope: Construct) {}

  /** Checks the roles, then adds an exclusion for each; throws with every problem. */
  public add(problems: InputProblems, at: string, roles: readonly iam.IRole[]): void {
    this.check(problems, at, roles);
    problems.throwIfAny();
    this.create(roles);
  }

  /** Checks roles to add (`at` names them: `pullTimeUpdateExclusions`, `role`). */
  public check(problems: InputProblems, at: string, roles: readonly iam.IRole[]): void {
    const adding = new Set<string>();
    roles.forEach((role, i) => {
      const label = roles.length === 1 && at === 'role' ? at : `${at}[${i}]`;
      const arn = role?.roleArn;
      if (arn === undefined) {
        problems.add(label, role, 'must be an IAM role', 'pass an iam.IRole (iam.Role.fromRoleArn for a role outside the app)');
        return;
      }
      if (!isToken(arn) && (arn.length > 200 || !ROLE_ARN.test(arn))) {
        problems.add(label, arn, 'is not an IAM role ARN (ECR excludes roles only; an assumed-role session ARN never matches)',
          'pass the role itself: arn:<partition>:iam::<account>:role/<name>');
      }
      if (this.arns.has(arn) || adding.has(arn)) {
        problems.add(label, isToken(arn) ? role.node.path : arn, 'is already excluded in this registry (ECR refuses a second exclusion: ExclusionAlreadyExistsException)',
          'exclude each role once');
      }
      adding.add(arn);
    });
    if (this.arns.size + adding.size > MAX_EXCLUSIONS) {
      problems.add(at, `${this.arns.size + adding.size} roles`, `is more than ECR's ${MAX_EXCLUSIONS} pull-time update exclusions per account`,
        'exclude only the roles that pull images without running them (scanners, audits)');
    }
  }

  /** Adds an exclusion for each role, checked with {@link check}. */
  public create(roles: readonly iam.IRole[]): void {
    for (const role of roles) {
      this.arns.add(role.roleArn);
      // named after the role, so adding or removing another exclusion replaces nothing
      new ecr.CfnPullTimeUpdateExclusion(this.scope, `PullTimeUpdateExclusion${Names.nodeUniqueId(role.node)}`, { principalArn: role.roleArn });
    }
  }
}
