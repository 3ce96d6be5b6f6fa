import { Annotations, IAspect, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EcrCheckLevel } from './check-level';
import { Finding, findingText, qualifiedRuleId, sentence } from './finding';
import { RULES } from './rule-pack';
import { checkTemplates, knownRuleIds, RuleSettings } from './run-checks';
import { AspectOrPlugin, SUMMARY, SynthRun, synthInfo, TreeRun } from '../analysis/aspect-or-plugin';
import { countOf } from '../private/count-text';
import { InputProblems, isToken } from '../private/input-problems';

/**
 * Properties for {@link EcrAccessChecks}.
 */
export interface EcrAccessChecksProps {
  /**
   * Ids of rules not to run (see {@link EcrAccessChecks.rules}).
   *
   * @default - every rule runs
   */
  readonly disabledRules?: string[];

  /**
   * Levels to report rules at instead of their own, by rule id, e.g.
   * `{ 'ecr-wildcard-without-condition': EcrCheckLevel.ERROR }`.
   *
   * @default - each rule's own level
   */
  readonly ruleLevels?: { [ruleId: string]: EcrCheckLevel };
}

/**
 * One rule of {@link EcrAccessChecks}, as {@link EcrAccessChecks.rules} describes it.
 */
export interface EcrAccessCheckRule {
  /** The rule id; acknowledge it as `cdk-ecr-access:<ruleId>`. */
  readonly ruleId: string;
  /** The level the rule reports at unless `ruleLevels` says otherwise. */
  readonly level: EcrCheckLevel;
  /** What the rule catches. */
  readonly summary: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix what it reports. */
  readonly fix: string;
}

/**
 * Checks every ECR-related policy of the app at synth: identity policies of roles, users and groups
 * (inline and managed), trust policies, repository policies (creation templates' too) and registry
 * policies, written by this library, by other constructs or by hand.
 *
 * It catches the mistakes behind ECR's `AccessDenied` errors before deployment: action names that
 * do not exist (`ecs:DeleteRepository`), ARNs of the wrong service, login scoped to a repository,
 * login in a repository policy, incomplete push sets, missing login, cross-account grants with no
 * repository policy, `Principal: "*"` or `ecr:*` without a condition, policies over AWS's size
 * quotas, and `Deny` statements that undo a grant. Each finding names the offending value, the
 * construct path, why it fails and the fix.
 *
 * Use it either way:
 * - as an Aspect: `Aspects.of(app).add(new EcrAccessChecks())` — findings are error and warning
 *   annotations, and `cdk synth` fails on errors;
 * - as a policy-validation plugin: `Validations.of(app).addPlugins(new EcrAccessChecks())` —
 *   findings are a validation report, and synth fails on errors.
 *
 * Acknowledge a finding on a construct (and everything under it) with a reason:
 * `EcrAccessChecks.acknowledge(scope, ruleId, reason)`. Values known only at deploy time are
 * reported as "not checked", never guessed; the checks never make synth throw.
 *
 * @example
 * import { Aspects } from 'aws-cdk-lib';
 * import { EcrAccessChecks } from 'cdk-ecr-access';
 *
 * declare const app: App;
 * Aspects.of(app).add(new EcrAccessChecks());
 */
export class EcrAccessChecks implements IAspect, IPolicyValidationPlugin {
  /**
   * Every rule of the pack: id, default level, what it catches, why, and the fix.
   */
  public static rules(): EcrAccessCheckRule[] {
    return RULES.map((r) => ({ ruleId: r.id, level: r.level, summary: r.summary, why: r.why, fix: r.fix }));
  }

  /**
   * Acknowledges a rule for a construct and everything under it, with the reason it is acceptable.
   *
   * Records `Validations.of(scope).acknowledge({ id: 'cdk-ecr-access:<ruleId>', reason })`, which
   * both ways of running the checks read (and other tools can audit). In the validation-plugin mode,
   * acknowledge on a stack or a construct in it.
   *
   * @param scope the construct whose findings (and its children's) to acknowledge
   * @param ruleId the rule id, e.g. `deny-shadows-grant`
   * @param reason why the finding is acceptable; required
   */
  public static acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
    const problems = new InputProblems(`EcrAccessChecks.acknowledge() at '${scope.node.path}'`);
    checkRuleIds(problems, 'ruleId', [ruleId]);
    if (!isToken(reason) && (typeof reason !== 'string' || reason.trim().length === 0)) {
      problems.add('reason', reason, 'is empty', 'say why the finding is acceptable, e.g. \'guardrail: nobody deletes images in production\'');
    }
    problems.throwIfAny();
    Validations.of(scope).acknowledge({ id: qualifiedRuleId(ruleId), reason });
  }

  /** The name the validation report shows. */
  public readonly name = 'EcrAccessChecks';

  /** The ids of the rules this instance runs. */
  public readonly ruleIds?: string[];

  private readonly settings: RuleSettings;
  private readonly adapter = new AspectOrPlugin({ name: this.name, inTree: (run) => this.annotate(run), inPlugin: (run) => this.report(run) });

  constructor(props: EcrAccessChecksProps = {}) {
    const problems = new InputProblems('EcrAccessChecks props');
    checkRuleIds(problems, 'disabledRules', props.disabledRules ?? []);
    const levels = new Map<string, EcrCheckLevel>();
    for (const [ruleId, level] of Object.entries(props.ruleLevels ?? {})) {
      checkRuleIds(problems, 'ruleLevels', [ruleId]);
      if (!Object.values(EcrCheckLevel).includes(level)) {
        problems.add(`ruleLevels['${ruleId}']`, level, 'is not a level', 'use EcrCheckLevel.ERROR, WARNING or INFO, or disabledRules to turn a rule off');
      }
      levels.set(ruleId, level);
    }
    problems.throwIfAny();

    const disabled = new Set(props.disabledRules ?? []);
    const enabled = knownRuleIds().filter((id) => !disabled.has(id));
    this.ruleIds = enabled;
    this.settings = { enabled: new Set(enabled), levels };
  }

  /**
   * Aspect entry point. On the first construct it visits (where it was added), it registers a
   * validation that runs the checks once, after every aspect and after preparation, so it sees the
   * policies exactly as they are synthesized; findings become annotations on the constructs.
   */
  public visit(node: IConstruct): void {
    this.adapter.visit(node);
  }

  /**
   * Policy-validation-plugin entry point: checks the synthesized templates and returns the report.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.adapter.validate(context);
  }

  /** The findings as a validation report; checks that stop are noted in it, never thrown. */
  private report(run: SynthRun): PolicyValidationPluginReport {
    try {
      const { findings, policiesChecked } = checkTemplates(run.read().templates, this.settings);
      return {
        success: !findings.some((f) => f.level === EcrCheckLevel.ERROR),
        violations: findings.map(toViolation),
        metadata: { [SUMMARY]: checkedLine(policiesChecked, findings) },
      };
    } catch (e) {
      return { success: true, violations: [], metadata: { 'not checked': `the checks stopped: ${e instanceof Error ? e.message : String(e)}` } };
    }
  }

  /** The findings as annotations on the constructs they are about: errors fail the synth themselves. */
  private annotate(run: TreeRun): string[] {
    const scope = run.scope;
    let findings: Finding[];
    let constructs: ReadonlyMap<string, IConstruct>;
    try {
      const tree = run.read();
      constructs = tree.constructs;
      const checked = checkTemplates(tree.templates, this.settings);
      const prefix = scope.node.path;
      findings = checked.findings.filter(({ resource: { path } }) => prefix === '' || path === prefix || path.startsWith(prefix + '/'));
      synthInfo(scope, `[EcrAccessChecks] ${checkedLine(checked.policiesChecked, findings)}`);
    } catch (e) {
      Annotations.of(scope).addWarningV2(qualifiedRuleId('not-checked'), `The ECR access checks stopped: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
    for (const finding of findings) {
      const path = finding.resource.path;
      const annotations = Annotations.of(constructs.get(path) ?? scope);
      const text = findingText(finding);
      if (finding.level === EcrCheckLevel.ERROR) annotations.addError(text);
      else if (finding.level === EcrCheckLevel.WARNING) annotations.addWarningV2(qualifiedRuleId(finding.ruleId), text);
      else annotations.addInfo(text);
    }
    return [];
  }
}

/** The synth feedback: `1,100 policies checked: 2 errors, 1 warning` (or `no findings`). */
function checkedLine(policies: number, findings: readonly Finding[]): string {
  const counts = [EcrCheckLevel.ERROR, EcrCheckLevel.WARNING, EcrCheckLevel.INFO]
    .map((level) => [level, findings.filter((f) => f.level === level).length] as const)
    .filter(([, n]) => n > 0)
    .map(([level, n]) => countOf(n, level));
  return `${countOf(policies, 'policy', 'policies')} checked: ${counts.length > 0 ? counts.join(', ') : 'no findings'}`;
}

function toViolation(finding: Finding): PolicyViolation {
  const { stack, logicalId, path } = finding.resource;
  return {
    ruleName: finding.ruleId,
    description: `${finding.message} Why: ${finding.why}`,
    fix: sentence(finding.fix),
    severity: finding.level,
    violatingResources: [logicalId !== '' && stack.templatePath
      ? { resourceLogicalId: logicalId, templatePath: stack.templatePath, locations: [finding.location] }
      : { constructPath: path, locations: [finding.location] }],
  };
}

function checkRuleIds(problems: InputProblems, property: string, ids: readonly string[]): void {
  const known = knownRuleIds();
  for (const id of ids) {
    if (!known.includes(id)) problems.add(property, id, 'is not a rule of EcrAccessChecks', `use one of: ${known.join(', ')}`);
  }
}
