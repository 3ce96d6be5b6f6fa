import type { AccessReportJson } from './report-data';
import { AccessModel } from '../analysis/access-model';
import { displayValue } from '../analysis/cfn-values';
import { constructLabel } from '../analysis/describe';
import { archivedTagStatuses } from '../analysis/lifecycle-selection';
import { mayCall } from '../analysis/may-call';
import { PrincipalView, RepositoryView } from '../analysis/model-views';
import { signingOf, SigningOfRepository } from '../analysis/signing-configurations';
import { SIGN_PAYLOAD } from '../registry/signing';

// What a cell of the report does not say on its own: a push to a repository that ECR managed
// signing covers is signed only when the pusher may call signer:SignPayload on the profile
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/managed-signing.html), and a pull of an
// image the repository's lifecycle moved to archive storage answers 404 until it is restored
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/archive-image.html).

/** What a pull of an archived image needs first, as the report says it. */
export const ARCHIVED_PULL_NOTE = 'pull: archived images must be restored first (ecr:UpdateImageStorageClass)';

/** A signing rule that covers a repository. */
export interface SigningJson {
  /** The AWS Signer profile ARN. */
  readonly profile: string;
  /** Construct path of the signing configuration. */
  readonly configuration: string;
  /** The rule's index in the configuration. */
  readonly rule: number;
}

/** Whether a pusher's images are signed with a profile. */
export interface PushSigningJson {
  readonly profile: string;
  /** True when the pusher may call `signer:SignPayload` on the profile; false: its pushes are stored unsigned. */
  readonly signs: boolean;
}

/** What the report adds to a repository of the app: the signing rules that cover it and the images its lifecycle archives. */
export interface RepositoryStorage {
  readonly rules: readonly SigningOfRepository[];
  /** `signing` and `archives`, as the repository's JSON ends. */
  readonly json: { readonly signing?: SigningJson[]; readonly archives?: string[] };
}

/** The repository's signing rules and archived images; undefined when it has neither (most). */
export function storageOf(model: AccessModel, repository: RepositoryView): RepositoryStorage | undefined {
  const rules = signingOf(model, repository);
  const archives = archivedTagStatuses(model, repository);
  if (rules.length === 0 && archives.length === 0) return undefined;
  const signing = rules.map((s) => ({ profile: displayValue(s.profileArn), configuration: constructLabel(s.resource), rule: s.rule }));
  return { rules, json: { ...signing.length > 0 ? { signing } : {}, ...archives.length > 0 ? { archives } : {} } };
}

/** For a pusher to a signed repository (its rules): whether its images are signed with each profile. */
export function pushSigning(model: AccessModel, principal: PrincipalView, rules: readonly SigningOfRepository[]): PushSigningJson[] {
  const statements = model.effectivePolicies(principal).flatMap((p) => p.statements);
  return rules.map((s) => ({ profile: displayValue(s.profileArn), signs: mayCall(statements, SIGN_PAYLOAD, s.profileArn) }));
}

/** Markdown lines: which repositories are signed and by what, whether each pusher signs, and which archive images. */
export function signingAndArchiveLines(report: AccessReportJson): string[] {
  const lines: string[] = [];
  for (let i = 0; i < report.repositories.length; i++) {
    const r = report.repositories[i];
    const signing = r.signing;
    if (signing) {
      lines.push(`- ${r.name}: signed on push with ${signing.map((s) => `${s.profile} (rule ${s.rule} of \`${s.configuration}\`)`).join(', ')}`);
      for (const pair of report.access.filter((a) => a.repository === r.name)) {
        for (const s of pair.signing ?? []) {
          lines.push(`  - ${pair.principal} ${s.signs ? `pushes signed images (${s.profile})` : `pushes unsigned images: no ${SIGN_PAYLOAD} on ${s.profile}`}`);
        }
      }
    }
    if (r.archives) lines.push(`- ${r.name}: its lifecycle archives ${r.archives.join(' and ')} images; ${ARCHIVED_PULL_NOTE}`);
  }
  return lines;
}
