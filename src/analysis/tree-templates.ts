import { CfnElement, CfnOutput, CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { collectAcknowledgments } from './acknowledgments';
import { Acknowledgment, CHECKED_RESOURCE_TYPES, StackTemplate, TemplateJson, TemplateSet, UnreadableResource } from './template-set';

// The templates as the Aspect way reads them: as they are about to be written, resolved from the
// construct tree after aspects and preparation (the analysis runs as a construct validation), for
// the resource types the analysis reads and the outputs other stacks import.

export interface TreeTemplates {
  readonly templates: TemplateSet;
  /** The construct at each path read, to annotate. */
  readonly constructs: ReadonlyMap<string, IConstruct>;
}

const SECTIONS = ['Resources', 'Outputs'] as const;

/** Reads every stack of the stage (app) that holds `scope`, not descending into nested stages. */
export function templatesFromTree(scope: IConstruct): TreeTemplates {
  const stage = [...scope.node.scopes].reverse().find((c) => Stage.isStage(c)) ?? scope.node.root;
  const elements = new Map<Stack, CfnElement[]>();
  const visit = (construct: IConstruct) => {
    if (CfnElement.isCfnElement(construct) && isChecked(construct)) {
      const list = elements.get(construct.stack) ?? [];
      list.push(construct);
      elements.set(construct.stack, list);
    }
    for (const child of construct.node.children) {
      if (!Stage.isStage(child)) visit(child);
    }
  };
  visit(stage);

  const constructs = new Map<string, IConstruct>();
  const unreadable: UnreadableResource[] = [];
  const templates: StackTemplate[] = [];
  for (const [stack, list] of elements) {
    const template: TemplateJson = { Resources: {}, Outputs: {} };
    const constructPaths = new Map<string, string>();
    resolveFragments(stack, list, unreadable).forEach((fragment, i) => {
      const element = list[i];
      // a construct's path is joined from its scopes on every read: once per element
      const elementPath = element.node.path;
      constructs.set(elementPath, element);
      for (const section of SECTIONS) {
        const values = fragment?.[section];
        for (const logicalId in values) {
          template[section]![logicalId] = values[logicalId];
          constructPaths.set(logicalId, elementPath);
        }
      }
    });
    constructs.set(stack.node.path, stack);
    templates.push({
      id: stack.artifactId,
      template,
      account: Token.isUnresolved(stack.account) ? undefined : stack.account,
      region: Token.isUnresolved(stack.region) ? undefined : stack.region,
      constructPaths,
    });
  }
  // only a finding consults acknowledgments, and most synths have none: the second walk waits for one
  let acknowledgments: Acknowledgment[] | undefined;
  const set: TemplateSet = {
    stacks: templates,
    unreadable,
    get acknowledgments() {
      acknowledgments ??= acknowledgmentsOfStage(stage);
      return acknowledgments;
    },
  };
  return { templates: set, constructs };
}

/** The acknowledgments on the stage, above it and in it, not descending into nested stages. */
function acknowledgmentsOfStage(stage: IConstruct): Acknowledgment[] {
  const acknowledgments: Acknowledgment[] = [];
  for (const ancestor of stage.node.scopes.slice(0, -1)) collectAcknowledgments(ancestor, acknowledgments);
  const visit = (construct: IConstruct) => {
    collectAcknowledgments(construct, acknowledgments);
    for (const child of construct.node.children) {
      if (!Stage.isStage(child)) visit(child);
    }
  };
  visit(stage);
  return acknowledgments;
}

/**
 * The elements' template fragments, resolved in one pass per stack (resolving is most of the
 * checks' cost); if that fails, one by one, so one bad element is reported, not the stack.
 */
function resolveFragments(stack: Stack, list: CfnElement[], unreadable: UnreadableResource[]): Array<TemplateJson | undefined> {
  try {
    return stack.resolve(list.map((e) => e._toCloudFormation())) as TemplateJson[];
  } catch {
    return list.map((element) => {
      try {
        return stack.resolve(element._toCloudFormation()) as TemplateJson;
      } catch (e) {
        unreadable.push({
          stackId: stack.artifactId,
          logicalId: stack.getLogicalId(element),
          constructPath: element.node.path,
          error: e instanceof Error ? e.message : String(e),
        });
        return undefined;
      }
    });
  }
}

function isChecked(element: CfnElement): boolean {
  if (CfnResource.isCfnResource(element)) return CHECKED_RESOURCE_TYPES.has(element.cfnResourceType);
  return element instanceof CfnOutput && element.exportName !== undefined;
}
