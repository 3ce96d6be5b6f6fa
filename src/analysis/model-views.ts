import { PolicyView, ResourceRef } from './policy-view';
import { StackTemplate } from './template-set';

// What the AccessModel holds, as the checks and the report read it: principals with everything attached
// to them, repositories, registry policies, creation templates and container-image functions.

/* eslint-disable @typescript-eslint/no-explicit-any */

export enum PrincipalType {
  ROLE = 'role',
  USER = 'user',
  GROUP = 'group',
}

/** A role, user or group defined in the app, with everything attached to it in the app. */
export interface PrincipalView {
  readonly resource: ResourceRef;
  readonly type: PrincipalType;
  readonly arn: string;
  readonly account: string;
  /** Its inline policies: `Policies` and every `AWS::IAM::Policy` naming it. */
  readonly inline: PolicyView[];
  /** Managed policies of the app attached to it. */
  readonly managed: PolicyView[];
  /** Managed policies from outside the app (AWS managed, or another app's), by ARN as written. */
  readonly externalManagedPolicies: string[];
  /** The AWS managed policies among them that grant ECR actions: their ECR statements, as AWS publishes them. */
  readonly awsManaged: PolicyView[];
  /** The managed policies outside the app whose content is unknown (another app's, or named only at deploy time). */
  readonly unknownManagedPolicies: string[];
  /** A user's groups defined in the app. */
  readonly groups: PrincipalView[];
  /** A role's trust policy. */
  readonly trust?: PolicyView;
  /** Its permissions boundary, when it is a managed policy of the app. */
  readonly permissionsBoundary?: PolicyView;
  /** Its permissions boundary's ARN, when the policy is outside the app (its content is unknown). */
  readonly externalPermissionsBoundary?: string;
  /** Its tags as the template writes them (`aws:PrincipalTag/<key>` in conditions). */
  readonly tags: ReadonlyMap<string, string>;
}

/** A repository creation template: the repositories ECR creates on your behalf under its prefix. */
export interface CreationTemplateView {
  readonly resource: ResourceRef;
  /** The prefix as written (`team-a`, `team-a/` or `ROOT`); may hold deploy-time parts. */
  readonly prefix: string;
  /** True for `ROOT`, the template of every new name no other template covers. */
  readonly root: boolean;
  /** The namespace as repository names start with it (`team-a` for `team-a` and `team-a/`); `''` for `ROOT`. */
  readonly namespace: string;
  /** The repository names it covers, as an ARN resource pattern: `team-a/*`, or `*` for `ROOT`. */
  readonly namePattern: string;
  /** `CREATE_ON_PUSH`, `PULL_THROUGH_CACHE`, `REPLICATION`; undefined when known only at deploy time. */
  readonly appliedFor?: readonly string[];
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  /** The repository policy it gives the repositories it creates. */
  readonly policy?: PolicyView;
}

/** A registry policy: a resource policy for the repositories of its account and Region (ECR's V2 scope). */
export interface RegistryPolicyView {
  readonly policy: PolicyView;
  readonly account: string;
  readonly region: string;
}

/** A Lambda function whose code is a container image: Lambda's service pulls the image for it. */
export interface LambdaImageView {
  readonly resource: ResourceRef;
  /** `Code.ImageUri` as resolved; may hold deploy-time parts. */
  readonly imageUri: string;
  /** The function's ARN; its name is a deploy-time part when CloudFormation generates it. */
  readonly functionArn: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

export interface RepositoryView {
  readonly resource: ResourceRef;
  readonly arn: string;
  readonly account: string;
  readonly policy?: PolicyView;
}

/** A resource of a stack, as the template writes it. */
export interface TypedResource {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: any;
}

/** The types {@link AccessModel.resourcesOfType} lists. */
export type ListedType = 'AWS::ECR::SigningConfiguration' | 'AWS::ECS::TaskDefinition' | 'AWS::CodeBuild::Project';
