import type { AccessReportJson, PairJson, RepositoryJson } from './report-data';
import { AccessModel, PrincipalView, RepositoryView } from '../analysis/access-model';
import { displayValue } from '../analysis/cfn-values';
import { constructLabel } from '../analysis/describe';
import { archivedTagStatuses } from '../analysis/lifecycle-selection';
import { mayCall } from '../analysis/may-call';
import { signingOf } from '../analysis/signing-configurations';
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

/** The report with `signing` and `archives` on repositories and `signing` on the pairs that push to a signed repository. */
export function withSigningAndArchive(model: AccessModel, report: AccessReportJson): AccessReportJson {
  // the report names repositories and principals of the app by construct path
  const views = new Map(model.repositories.map((r) => [constructLabel(r.resource), r]));
  const principals = new Map(model.principals.map((p) => [constructLabel(p.resource), p]));
  const rowPaths = new Map(report.principals.map((p) => [p.name, p.path]));
  const signed = new Map<string, RepositoryView>();
  let changed = false;

  const repositories = report.repositories.map((r): RepositoryJson => {
    const view = r.path === undefined ? undefined : views.get(r.path);
    if (!view) return r;
    const signing = signingOf(model, view)
      .map((s) => ({ profile: displayValue(s.profileArn), configuration: constructLabel(s.resource), rule: s.rule }));
    if (signing.length > 0) signed.set(r.name, view);
    const archives = archivedTagStatuses(model, view);
    if (signing.length === 0 && archives.length === 0) return r;
    changed = true;
    return { ...r, ...signing.length > 0 ? { signing } : {}, ...archives.length > 0 ? { archives } : {} };
  });
  if (!changed) return report;

  const access = report.access.map((pair): PairJson => {
    const repository = signed.get(pair.repository);
    const path = rowPaths.get(pair.principal);
    const principal = path === undefined ? undefined : principals.get(path);
    if (!repository || !principal || !pair.capabilities.some((c) => c.capability === 'push')) return pair;
    return { ...pair, signing: pushSigning(model, principal, repository) };
  });
  return { ...report, repositories, access };
}

function pushSigning(model: AccessModel, principal: PrincipalView, repository: RepositoryView): PushSigningJson[] {
  const statements = model.effectivePolicies(principal).flatMap((p) => p.statements);
  return signingOf(model, repository).map((s) => ({ profile: displayValue(s.profileArn), signs: mayCall(statements, SIGN_PAYLOAD, s.profileArn) }));
}

/** Markdown lines: which repositories are signed and by what, whether each pusher signs, and which archive images. */
export function signingAndArchiveLines(report: AccessReportJson): string[] {
  const lines: string[] = [];
  for (const r of report.repositories) {
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
