import { Draft } from './json-draft';
import type { ActionGroupJson, CapabilityJson, PrincipalJson, RepositoryJson } from './report-data';
import { RepositoryStorage } from './signing-and-archive';
import { Subject } from './subjects';
import { Target } from './targets';
import { displayValue } from '../analysis/cfn-values';
import { constructLabel } from '../analysis/describe';

// A row of the report (a principal) and a column (a repository) as the JSON writes them: what
// identifies each, and only the fields that apply to it, in a fixed order.

/** A principal's row: its name, what identifies it, and what it may do in its account (login …). */
export function principalJson(
  subject: Subject, capabilities: CapabilityJson[], actions: ActionGroupJson[], notes: string[],
): PrincipalJson {
  const row = { name: subject.name, kind: subject.kind } as Draft<PrincipalJson>;
  const { arn, account, service } = subject.requester;
  if (arn !== undefined) row.arn = displayValue(arn);
  if (account !== undefined) row.account = displayValue(account);
  if (service !== undefined) row.service = service;
  if (subject.organization !== undefined) row.organization = subject.organization;
  if (subject.except !== undefined) row.except = [...subject.except];
  if (subject.view) row.path = constructLabel(subject.view.resource);
  row.capabilities = capabilities;
  row.actions = actions;
  if (notes.length > 0) row.notes = notes;
  return row;
}

/** A repository's column: where it is defined, the policies that apply to it besides its own, and its signing and archive storage. */
export function repositoryJson(target: Target, storage: RepositoryStorage | undefined): RepositoryJson {
  const notes = [
    ...(target.view?.policy?.unreadable ?? []).map((u) => `not evaluated: a part of its repository policy known only at deploy time (${u.location})`),
    ...(target.registry?.policy.unreadable ?? []).map((u) => `not evaluated: a part of its registry policy known only at deploy time (${u.location})`),
    ...(target.template?.policy?.unreadable ?? []).map((u) => `not evaluated: a part of its creation template's repository policy known only at deploy time (${u.location})`),
  ];
  const column: Draft<RepositoryJson> = {
    name: target.name,
    arn: target.displayArn,
    account: displayValue(target.account),
    region: displayValue(target.region),
    source: target.source,
  };
  if (target.view) column.path = constructLabel(target.view.resource);
  if (target.registry) column.registryPolicy = constructLabel(target.registry.policy.resource);
  if (target.template) column.creationTemplate = constructLabel(target.template.resource);
  if (notes.length > 0) column.notes = notes;
  if (storage?.json.signing) column.signing = storage.json.signing;
  if (storage?.json.archives) column.archives = storage.json.archives;
  return column;
}
