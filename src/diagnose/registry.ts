import { trimToken } from './text';
import { accountOrUndefined, regionOrUndefined, repositoryNameOrUndefined, tagOrUndefined } from './values';

// Registry hosts and image references in docker/containerd/ECS/Kubernetes output:
// `123456789012.dkr.ecr.us-east-1.amazonaws.com/team-a/api:1.2`,
// `HEAD request to https://<host>/v2/team-a/api/manifests/latest: 403 Forbidden`.

/** One reference to a private ECR registry in the text. */
export interface RegistryReference {
  /** The registry host as written (`123456789012.dkr.ecr.us-east-1.amazonaws.com`). */
  readonly host: string;
  /** The account segment as written (may be a placeholder such as `<account_id>` or `***`). */
  readonly accountText: string;
  readonly account?: string;
  readonly region?: string;
  readonly repositoryName?: string;
  /** The image tag of the reference (`:1.2`) or of the manifest request (`/manifests/1.2`). */
  readonly tag?: string;
  /** The HTTP method of the request to the registry, when the text shows it (`HEAD`, `PUT` …). */
  readonly method?: string;
  /** True when the request was for a manifest or a blob under `/v2/` (a registry API call). */
  readonly registryApiPath: boolean;
}

const HOST_MARKER = /\.dkr[.-]ecr(?:-fips)?\./gi;
const HOST_TAIL = /^([^\s./:'"]{1,40})\.(amazonaws\.com\.cn|amazonaws\.com|on\.aws)/i;
const HOST_BOUNDARY = /[\s/"'`()[\]=,;|@]/;
const PATH_BOUNDARY = /[\s"'`,;)\]]/;
const METHOD_BEFORE_URL = /\b(HEAD|GET|POST|PUT|PATCH|DELETE)\b(?: request to)?\s*"?(?:https?:\/\/)?$/i;
/** Stop after this many references: enough for any real log, bounded for any input. */
const MAX_REFERENCES = 50;

/** Every private ECR registry host in the text, with what its URL or image reference says. */
export function findRegistryReferences(text: string): RegistryReference[] {
  const found: RegistryReference[] = [];
  HOST_MARKER.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = HOST_MARKER.exec(text)) !== null && found.length < MAX_REFERENCES) {
    const reference = readReference(text, match.index, match[0].length);
    if (reference) found.push(reference);
  }
  return found;
}

function readReference(text: string, markerAt: number, markerLength: number): RegistryReference | undefined {
  let start = markerAt;
  while (start > 0 && markerAt - start < 80 && !HOST_BOUNDARY.test(text[start - 1])) start--;
  // a placeholder with a space in it: "<account number>"
  if (text[start - 1] === ' ' && text.slice(start, markerAt).endsWith('>')) {
    const open = text.lastIndexOf('<', markerAt);
    if (open >= 0 && markerAt - open <= 40) start = open;
  }
  const accountText = text.slice(start, markerAt);
  const afterMarker = markerAt + markerLength;
  const tail = HOST_TAIL.exec(text.slice(afterMarker, afterMarker + 80));
  if (!tail) return undefined;
  const hostEnd = afterMarker + tail[0].length;
  const host = text.slice(start, hostEnd);

  let path = '';
  if (text[hostEnd] === '/') {
    let end = hostEnd;
    while (end < text.length && end - hostEnd < 600 && !PATH_BOUNDARY.test(text[end])) end++;
    path = trimToken(text.slice(hostEnd, end));
  }
  const { repositoryName, tag, registryApiPath } = repositoryFromPath(path);
  const before = text.slice(Math.max(0, start - 40), start);
  const method = METHOD_BEFORE_URL.exec(before)?.[1]?.toUpperCase();
  return {
    host,
    accountText,
    account: accountOrUndefined(accountText),
    region: regionOrUndefined(tail[1]),
    repositoryName,
    tag,
    method,
    registryApiPath,
  };
}

/** What the path after a registry host names. */
export interface PathReference {
  readonly repositoryName?: string;
  readonly tag?: string;
  readonly registryApiPath: boolean;
}

/** `/v2/<name>/manifests/<ref>`, `/v2/<name>/blobs/…`, or an image reference `/<name>:<tag>` / `/<name>@sha256:…`. */
export function repositoryFromPath(path: string): PathReference {
  if (path.startsWith('/v2/')) {
    const rest = path.slice('/v2/'.length);
    const api = /\/(?:manifests|blobs|tags)\//.exec(rest) ?? /\/tags\/list$/.exec(rest);
    if (!api) return { registryApiPath: false };
    const reference = api[0] === '/manifests/' ? rest.slice(api.index + api[0].length) : undefined;
    return { repositoryName: repositoryNameOrUndefined(rest.slice(0, api.index)), tag: tagOrUndefined(reference), registryApiPath: true };
  }
  let name = path.replace(/^\/+/, '');
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  const colon = name.lastIndexOf(':');
  const tag = colon >= 0 ? tagOrUndefined(name.slice(colon + 1)) : undefined;
  if (colon >= 0) name = name.slice(0, colon);
  return { repositoryName: repositoryNameOrUndefined(name), tag, registryApiPath: false };
}
