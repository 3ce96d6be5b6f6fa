// AWS's access-denied message in the shape the CLI, SDKs and docker print it, with the parts a test
// varies. The real messages these are modelled on are in ../messages.ts, with their sources.

export const CALLER = 'arn:aws:sts::222222222222:assumed-role/ci/gh-42';
export const REPOSITORY = 'arn:aws:ecr:us-east-1:111111111111:repository/team-a/api';

/** `User: <caller> is not authorized to perform: <action> on resource: <resource><reason>`. */
export function denied(options: { action?: string; caller?: string; resource?: string; reason?: string } = {}): string {
  const { action = 'ecr:InitiateLayerUpload', caller = CALLER, resource = REPOSITORY, reason = '' } = options;
  return `User: ${caller} is not authorized to perform: ${action} on resource: ${resource}${reason}`;
}

/** ` because no <phrase> allows the <action> action`. */
export function becauseNo(phrase: string, action = 'ecr:InitiateLayerUpload'): string {
  return ` because no ${phrase} allows the ${action} action`;
}

/** ` with an explicit deny in a(n) <phrase>`. */
export function explicitDenyIn(phrase: string): string {
  return ` with an explicit deny in ${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}
