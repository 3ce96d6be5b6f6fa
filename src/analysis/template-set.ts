// What the checks and the report read: CloudFormation templates with every token resolved the way
// they are written to the cloud assembly, plus what the templates do not say (environment,
// construct paths, acknowledgments). Two readers fill it in: one from the construct tree (Aspect),
// one from the synthesized assembly on disk (policy-validation plugin).

/* eslint-disable @typescript-eslint/no-explicit-any */
/** A CloudFormation template as JSON. */
export type TemplateJson = { Resources?: Record<string, any>; Outputs?: Record<string, any>; [key: string]: any };

/** One stack's template and what the assembly knows about it. */
export interface StackTemplate {
  /** The stack's artifact id, unique in the set. */
  readonly id: string;
  readonly template: TemplateJson;
  /** Account, region and partition when known at synth; undefined for environment-agnostic stacks. */
  readonly account?: string;
  readonly region?: string;
  readonly partition?: string;
  /** Construct path of each resource by logical id (`Registry/Api/Resource`). */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** Where the template file is, in the plugin mode. */
  readonly templatePath?: string;
}

/** A rule acknowledged on a construct with `Validations.of(scope).acknowledge(...)`. */
export interface Acknowledgment {
  /** Construct path, without a leading `/` (`''` for the app). */
  readonly path: string;
  /** Qualified rule id as recorded (`annotation::cdk-ecr-access:unknown-action`). */
  readonly id: string;
  readonly reason: string;
}

/** A resource the template reading could not turn into JSON: reported as "not checked", never thrown. */
export interface UnreadableResource {
  readonly stackId: string;
  readonly logicalId: string;
  readonly constructPath: string;
  readonly error: string;
}

export interface TemplateSet {
  readonly stacks: readonly StackTemplate[];
  /** Read on first use in the plugin mode: only a finding needs them. */
  readonly acknowledgments: readonly Acknowledgment[];
  readonly unreadable: readonly UnreadableResource[];
}

/** The resource types the checks and the report read; reading from the construct tree resolves only these (and exported outputs). */
export const CHECKED_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::IAM::User',
  'AWS::IAM::Group',
  'AWS::IAM::OIDCProvider',
  'AWS::ECR::Repository',
  'AWS::ECR::RegistryPolicy',
  'AWS::ECR::RepositoryCreationTemplate',
  // a container-image function: Lambda's service pulls its image, which the repository policy must allow
  'AWS::Lambda::Function',
  // its containers' images: a lifecycle rule must not archive or expire a tag a task runs
  'AWS::ECS::TaskDefinition',
  // managed signing: every pusher of a repository it matches must be able to sign
  'AWS::ECR::SigningConfiguration',
  // a build image in a repository of the app: the project's pull credentials must reach it
  'AWS::CodeBuild::Project',
]);
