import { existsSync, readFileSync, statSync } from 'fs';
import { Finding } from './finding';
import { readAssemblyFiles } from '../analysis/assembly-files';
import { templatesFromAssembly } from '../analysis/assembly-templates';
import { lineOfPath, parseCfnYaml } from '../analysis/cfn-yaml';
import { detectPolicyKind, documentStack, isTemplate, PolicyDocumentKind } from '../analysis/policy-documents';
import { StackTemplate, TemplateSet } from '../analysis/template-set';

// What `cdk-ecr-access check` reads: cloud assemblies, CloudFormation templates (JSON or YAML) and
// standalone policy documents, into one template set; and, for each finding, the file and line a
// reviewer (or GitHub code scanning) should open.

/** Where a standalone document sits in the resource it becomes, per kind. */
const DOCUMENT_PREFIX: Record<PolicyDocumentKind, string> = {
  [PolicyDocumentKind.IDENTITY]: 'Properties/Policies/0/PolicyDocument',
  [PolicyDocumentKind.REPOSITORY]: 'Properties/RepositoryPolicyText',
  [PolicyDocumentKind.REGISTRY]: 'Properties/PolicyText',
  [PolicyDocumentKind.TRUST]: 'Properties/AssumeRolePolicyDocument',
};

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
}

export class CheckInputs {
  /** Files and directories that could not be read, with the reason. */
  public readonly problems: string[] = [];
  private readonly stacks: StackTemplate[] = [];
  private readonly documents = new Map<StackTemplate, PolicyDocumentKind>();
  private readonly texts = new Map<string, string>();

  /** @param kind the kind of every policy document given; detected per document when undefined */
  constructor(paths: readonly string[], private readonly kind?: PolicyDocumentKind) {
    for (const p of paths) this.add(p);
  }

  public get templates(): TemplateSet {
    return { stacks: this.stacks, acknowledgments: [], unreadable: [] };
  }

  /** The file and line of a finding (line 1 when the value is not in the file as written, e.g. a resolved intrinsic). */
  public positionOf(finding: Finding): SourcePosition | undefined {
    const stack = finding.resource.stack;
    const file = stack.templatePath;
    if (!file) return undefined;
    const documentKind = this.documents.get(stack);
    let path: string[];
    if (documentKind) {
      const prefix = DOCUMENT_PREFIX[documentKind];
      path = finding.location.startsWith(prefix) ? finding.location.slice(prefix.length).split('/').filter(Boolean) : finding.location.replace(/^Properties\/?/, '').split('/').filter(Boolean);
    } else {
      path = ['Resources', finding.resource.logicalId, ...finding.location.split('/').filter(Boolean)];
    }
    const text = this.textOf(file);
    try {
      return { file, line: text === undefined ? 1 : lineOfPath(text, path) };
    } catch {
      return { file, line: 1 };
    }
  }

  private add(p: string): void {
    if (!existsSync(p)) {
      this.problems.push(`'${p}' does not exist`);
      return;
    }
    if (statSync(p).isDirectory()) {
      const files = readAssemblyFiles(p);
      if (!files) {
        this.problems.push(`'${p}' holds no cloud assembly (no manifest.json); run \`cdk synth\` first, or name a template or policy file`);
        return;
      }
      this.problems.push(...files.problems);
      const set = templatesFromAssembly(files.templatePaths);
      this.stacks.push(...set.stacks);
      for (const u of set.unreadable) this.problems.push(u.error);
      return;
    }
    const text = this.textOf(p);
    if (text === undefined) {
      this.problems.push(`cannot read '${p}'`);
      return;
    }
    let value: unknown;
    try {
      value = /\.ya?ml$/i.test(p) ? parseCfnYaml(text) : JSON.parse(text);
    } catch (e) {
      this.problems.push(`'${p}' is not valid ${/\.ya?ml$/i.test(p) ? 'YAML' : 'JSON'} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
      return;
    }
    if (isTemplate(value)) {
      // a template outside an app has no construct paths: its logical ids are what its author knows
      const logicalIds = Object.keys(value.Resources ?? {});
      this.stacks.push({ id: p, template: value, constructPaths: new Map(logicalIds.map((id) => [id, id])), templatePath: p });
      return;
    }
    const kind = this.kind ?? detectPolicyKind(value);
    const stack = { ...documentStack(p, kind, value), templatePath: p };
    this.documents.set(stack, kind);
    this.stacks.push(stack);
  }

  private textOf(file: string): string | undefined {
    if (!this.texts.has(file)) {
      try {
        this.texts.set(file, readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
    }
    return this.texts.get(file);
  }
}
