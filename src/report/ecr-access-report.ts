import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { IAspect, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { diffReports } from './diff';
import { Expectation, PrincipalReference, principalReference, textPrincipalReference, unmetExpectations } from './expectations';
import { DIFF_FILE_NAME, renderDiffFiles, REPORT_FILE_NAME, writeReportFiles } from './files';
import { AccessReportJson, buildAccessReport } from './report-data';
import { readReportSource } from './report-source';
import { EcrCapability } from '../actions/capabilities';
import { AspectOrPlugin, displayPath, SUMMARY, SynthRun, synthInfo } from '../analysis/aspect-or-plugin';
import { accessModelOf } from '../analysis/shared-reads';
import { countOf } from '../private/count-text';
import { InputProblems, isToken } from '../private/input-problems';
import { EcrWarnings } from '../warnings/ecr-warnings';
import { warn } from '../warnings/warn';

/** Options of `EcrAccessReport`. */
export interface EcrAccessReportProps {
  /**
   * The access report to compare with: an `ecr-access-report.json` from the base of the change (the
   * main branch's build), or a cloud assembly directory. At synth the report also writes
   * `ecr-access-diff.md` (a pull-request comment: capabilities gained, lost and changed, and the
   * statements behind each) and `ecr-access-diff.json` into the cloud assembly. A base that cannot
   * be read fails the synth, naming the file and why.
   *
   * @default - no diff is written
   */
  readonly baseReport?: string;
}

/**
 * An access report, written at synth: who can log in to Amazon ECR, and who can pull, push, create,
 * delete or administer which repository, for every principal the app defines or its repository and
 * registry policies name (roles, users, CI principals, other accounts, AWS services, organizations),
 * on every repository of the app and every repository outside it that an identity or registry policy
 * names.
 *
 * The policies are evaluated the way AWS does for ECR requests: an explicit `Deny` wins, wildcards in
 * actions and resources match, a repository policy may name a principal, its account or a session
 * of its role, a registry policy of the app applies to the repositories of its account and Region
 * along with their own policies, the repositories ECR creates from a creation template of the app
 * have the template's repository policy, one side suffices in one account and both are needed across
 * accounts, and a permissions boundary defined in the app caps the identity side. A cell is marked conditional when a
 * condition decides (the condition is listed), "wider than a condition reads" when some of its
 * actions need no condition or an AWS service may do it acting for any account, and "needs the
 * other side" when the request is cross-account and the other side's policy is outside the app.
 *
 * The report goes into the cloud assembly as `ecr-access-report.json` and `ecr-access-report.md`,
 * in a stable order, so a pull request that changes access shows exactly which cells change; run
 * `cdk-ecr-access report cdk.out` to print the matrix. With `expect()`, synth fails when the computed
 * access of a principal on a repository differs from the one you state: access as a tested contract.
 * Given a `baseReport` (the report of the base of a change), it also writes what the change grants
 * and removes, with the statements behind each, as `ecr-access-diff.md` for a pull-request comment.
 *
 * Use it either way, like `EcrAccessChecks`:
 * - as an Aspect: `Aspects.of(app).add(report)` — unmet expectations fail the synth with an error;
 * - as a policy-validation plugin: `Validations.of(app).addPlugins(report)` — unmet expectations
 *   are violations of the validation report.
 *
 * @example
 * import { Aspects } from 'aws-cdk-lib';
 * import { EcrAccessReport, EcrCapability } from 'cdk-ecr-access';
 *
 * declare const app: App;
 * declare const ciRole: iam.IRole;
 * declare const repository: ecr.IRepository;
 * const report = new EcrAccessReport();
 * report.expect(ciRole, repository, [EcrCapability.LOGIN, EcrCapability.PUSH]);
 * Aspects.of(app).add(report);
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export class EcrAccessReport implements IAspect, IPolicyValidationPlugin {
  /** The base name of the files the report writes into the cloud assembly (`.json` and `.md`). */
  public static readonly FILE_NAME = REPORT_FILE_NAME;

  /** The base name of the diff files the report writes when given a base report (`.json` and `.md`). */
  public static readonly DIFF_FILE_NAME = DIFF_FILE_NAME;

  /** The name the validation report shows. */
  public readonly name = 'EcrAccessReport';

  private readonly expectations: Expectation[] = [];
  private readonly adapter = new AspectOrPlugin({
    name: this.name,
    inTree: (run) => {
      const { unmet, summary } = this.run(run);
      synthInfo(run.scope, `[${this.name}] ${summary}`);
      // CDK prints these after the path of the construct named EcrAccessReport: no second prefix
      return unmet.map((m) => m.replace(`[${this.name}] `, ''));
    },
    inPlugin: (run) => this.validationReport(run),
  });
  private readonly baseReport?: string;

  constructor(props: EcrAccessReportProps = {}) {
    const problems = new InputProblems('EcrAccessReport');
    const base = props?.baseReport;
    if (base !== undefined && (typeof base !== 'string' || isToken(base) || base.trim() === '')) {
      problems.add('baseReport', base, 'is not a file path', 'pass the path of an ecr-access-report.json (or of a cloud assembly directory) from the base of the change');
    }
    problems.throwIfAny();
    this.baseReport = base;
  }

  /**
   * States the access a principal must have on a repository: synth fails when the report computes
   * anything else. List every capability the principal should have on it, login included (login is
   * per principal: it counts for every repository). A capability counts however it is allowed
   * (outright, under a condition, or pending the other account's side); an empty list means "no ECR
   * access to it at all".
   *
   * @param grantee a role or user of the app (or an `EcrCiPrincipal`), or any principal: an
   *   `AccountPrincipal`, `ArnPrincipal`, `ServicePrincipal`, `OrganizationPrincipal` …
   * @param repository the repository, of the app or imported
   * @param capabilities every capability it should have on the repository
   */
  public expect(grantee: iam.IGrantable, repository: ecr.IRepository, capabilities: EcrCapability[]): void {
    const problems = new InputProblems('EcrAccessReport.expect()');
    const reference = grantee?.grantPrincipal ? principalReference(grantee, repository) : undefined;
    if (!reference) {
      problems.add('grantee', grantee === undefined ? undefined : String(grantee), 'is not one principal the report can name',
        'pass a role or user, or use expectPrincipal() with its ARN, account id, service principal or organization id');
    }
    this.addExpectation(problems, reference, repository, capabilities);
  }

  /**
   * States the access a principal, named by text, must have on a repository (see {@link expect}).
   *
   * @param principal an IAM role or user ARN, an assumed-role session ARN, a 12-digit account id
   *   (or the account's root ARN) for the principals of that account, an AWS service principal
   *   (`lambda.amazonaws.com`), an AWS Organizations id (`o-…`) for its members, or `*` for anyone
   * @param repository the repository, of the app or imported
   * @param capabilities every capability it should have on the repository
   */
  public expectPrincipal(principal: string, repository: ecr.IRepository, capabilities: EcrCapability[]): void {
    const problems = new InputProblems('EcrAccessReport.expectPrincipal()');
    if (typeof principal !== 'string' || (!isToken(principal) && principal.trim() === '')) {
      problems.add('principal', principal, 'is empty', 'pass an ARN, an account id, a service principal such as \'lambda.amazonaws.com\', an organization id or \'*\'');
    }
    this.addExpectation(problems, typeof principal === 'string' ? textPrincipalReference(principal, repository) : undefined, repository, capabilities);
  }

  /**
   * Aspect entry point. On the first construct it visits, it registers a validation that builds the
   * report once, after every aspect and after preparation, writes it into the cloud assembly, and
   * fails the synth on unmet expectations.
   */
  public visit(node: IConstruct): void {
    this.adapter.visit(node);
  }

  /** Policy-validation-plugin entry point: builds the report from the synthesized templates. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.adapter.validate(context);
  }

  /** The unmet expectations as violations of the validation report. */
  private validationReport(run: SynthRun): PolicyValidationPluginReport {
    const { unmet: messages, summary } = this.run(run);
    return {
      success: messages.length === 0,
      metadata: { [SUMMARY]: summary },
      violations: messages.map((description) => ({
        ruleName: 'ecr-access-expectation',
        description,
        fix: 'Change the grants (or the expectation, if the access is intended)',
        severity: 'error',
        violatingResources: [],
      })),
    };
  }

  private addExpectation(
    problems: InputProblems, principal: PrincipalReference | undefined, repository: ecr.IRepository, capabilities: EcrCapability[],
  ): void {
    if (repository?.repositoryArn === undefined) {
      problems.add('repository', repository === undefined ? undefined : String(repository), 'is not an ECR repository',
        'pass an ecr.IRepository (a PushableRepository, or ecr.Repository.fromRepositoryName(...))');
    }
    const known = Object.values(EcrCapability) as string[];
    if (!Array.isArray(capabilities) || Token.isUnresolved(capabilities)) {
      problems.add('capabilities', capabilities, 'is not a list of capabilities', 'pass e.g. [EcrCapability.LOGIN, EcrCapability.PULL], or [] for no access');
    } else {
      capabilities.forEach((c, i) => {
        if (!known.includes(c)) problems.add(`capabilities[${i}]`, c, 'is not a capability', `use one of EcrCapability: ${known.join(', ')}`);
      });
    }
    problems.throwIfAny();
    this.expectations.push({ principal: principal!, repository, capabilities: [...new Set(capabilities)] });
  }

  /**
   * Builds and writes the report; returns the unmet expectations (or why they could not be checked),
   * and one line for the synth output: where the report went and what it covers.
   */
  private run(run: SynthRun): { unmet: string[]; summary: string } {
    try {
      const model = accessModelOf(run.read().templates);
      const report = buildAccessReport(model);
      let written: string[] | undefined;
      if (run.outdir) {
        mkdirSync(run.outdir, { recursive: true });
        written = writeReportFiles(report, run.outdir);
      }
      const covers = `${countOf(report.principals.length, 'principal')} × ${countOf(report.repositories.length, 'repository', 'repositories')}`;
      const summary = written
        ? `${covers}, written to ${written.map(displayPath).join(' and ')}`
        : `${covers}, not written: the cloud assembly directory is not known`;
      const diffProblem = this.writeDiff(report, run.outdir);
      const unmet = [...diffProblem ? [diffProblem] : [], ...unmetExpectations(this.expectations, report, model)].map((m) => `[EcrAccessReport] ${m}`);
      return { unmet, summary: this.expectations.length > 0 ? `${summary}; ${this.expectations.length - unmet.length} of ${this.expectations.length} expectations hold` : summary };
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (run.scope) warn(run.scope, EcrWarnings.ACCESS_REPORT_NOT_WRITTEN, `The ECR access report could not be made: ${reason}`);
      const unmet = this.expectations.length > 0 ? [`[EcrAccessReport] The access expectations could not be checked: ${reason}`] : [];
      return { unmet, summary: `not written: ${reason}` };
    }
  }

  /** Writes the diff against the base report; returns why it could not, if it could not. */
  private writeDiff(report: AccessReportJson, outdir: string | undefined): string | undefined {
    if (this.baseReport === undefined) return undefined;
    const base = readReportSource(this.baseReport);
    if (base.error !== undefined) {
      return `baseReport: ${base.error}. Write it with \`cdk-ecr-access report --json\` on the base of the change, or leave baseReport out`;
    }
    if (outdir) {
      for (const [file, text] of Object.entries(renderDiffFiles(diffReports(base.report!, report)))) writeFileSync(path.join(outdir, file), text);
    }
    return undefined;
  }
}
