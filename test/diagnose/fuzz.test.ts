import { readFileSync } from 'fs';
import { join } from 'path';
import * as M from './messages';
import { diagnose, Diagnosis, DiagnosisKind, MissingPolicy, DenyingPolicyType } from '../../src';

// diagnose() never throws and always returns a JSON-clean Diagnosis, whatever it is given: random
// bytes, fragments of real messages shuffled together, real messages truncated or corrupted, and
// inputs of megabytes built to make a careless regular expression backtrack.

/** mulberry32: a small seeded PRNG, so a failure reproduces from its seed. Bit operations are its algorithm. */
/* eslint-disable no-bitwise */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

const FRAGMENTS = [
  'User:', 'User', ' ', '\n', '\\n', '\\"', '"', '\'', 'arn:', 'aws', 'aws-cn', ':', '::', 'sts', 'iam', 'ecr',
  'assumed-role/', 'role/', 'user/', 'root', 'federated-user/', 'AWSReservedSSO_Admin_1a2b', '/', 'ci', 'gh-1',
  '111111111111', '222222222222', '123456789', '<account>', '***', '${ACCOUNT}', 'XXXX', 'us-east-1', '<region>',
  ' is not authorized to perform', ' is not authorized to perform:', ' are not authorized to perform ', 'ecr:', 'ecr-public:',
  'InitiateLayerUpload', 'BatchGetImage', 'GetAuthorizationToken', 'CreateRepository', 'Nope', ' on resource: ', '*',
  'repository/', 'team-a/api', ' because no ', 'identity-based policy', 'resource-based policy', 'VPC endpoint policy',
  'permissions boundary', 'session policy', 'service control policy', 'resource control policy', ' allows',
  ' with an explicit deny in a ', ' with an explicit deny in an ', ' with an explicit deny',
  '.dkr.ecr.', '.dkr-ecr.', '.amazonaws.com', '.on.aws', 'https://', '/v2/', '/manifests/', '/blobs/', 'latest', '@sha256:',
  'HEAD request to ', 'GET ', 'PUT ', ': 403 Forbidden', '401 Unauthorized', 'no basic auth credentials',
  'authorization token has expired', 'The security token included in the request is invalid', 'ExpiredTokenException',
  'Lambda does not have permission to access the ECR image', 'Encoded authorization failure message: ', 'abcDEF123_-xyz0987654321',
  '{"allowed":false,', '"explicitDeny":true,', '"context":{"principal":{"arn":"', '"action":"', '"resource":"', '"}', '}',
  'The repository with name \'', '\' does not exist in the registry with id \'', '[Container] 2024/01/01 00:00:00 ',
  '2024-01-01T00:00:00.000Z ', '> ', '&quot;', '&lt;', '&gt;', '\u201c', '\u2019', '\u0000', '\ud800', '\\\\\\\\',
  // the kinds of issue 16
  'Signature expired: ', 'No OpenIDConnect provider found', 'Incorrect token audience', 'sts:AssumeRoleWithWebIdentity', 'sts:TagSession',
  ': i/o timeout', 'Client.Timeout exceeded', 'manifest unknown', 'ImageNotFoundException', 'ImageTagAlreadyExistsException',
  'ImageAlreadyExistsException', ' because the tag is immutable', 'prod-us-east-1-starport-layer-bucket', '<Code>AccessDenied</Code>',
  'error pulling image configuration: error parsing HTTP 403 response body', 'CannotPullContainerError: ', 'The authentication to the upstream registry failed',
  'UnsupportedUpstreamRegistryException', 'KmsError', 'kms:CreateGrant', 'KmsException', '/blobs/uploads/: EOF', 'POST ', 'api.ecr.', 'public.ecr.aws/',
  'unauthorized: authentication required', 'No ECR repository named', 'Source image ', ' does not exist', 'RepositoryNotEmptyException', 'region=',
  'when calling the PutImage operation', "The image tag '", "' already exists in the '", "' repository and cannot be overwritten",
];

const CORPUS: Array<{ text: string }> = JSON.parse(readFileSync(join(__dirname, 'corpus', 'real-messages.json'), 'utf8'));
const REAL = [...Object.values(M) as string[], ...CORPUS.map((e) => e.text)];

function randomBytes(rand: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String.fromCharCode(Math.floor(rand() * (rand() < 0.9 ? 256 : 65536)));
  return out;
}

function fragments(rand: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += FRAGMENTS[Math.floor(rand() * FRAGMENTS.length)];
  return out;
}

function mutate(rand: () => number, text: string): string {
  const at = Math.floor(rand() * (text.length + 1));
  switch (Math.floor(rand() * 6)) {
    case 0: return text.slice(0, at); // truncated
    case 1: return text.slice(at); // the start cut off
    case 2: return text.slice(0, at) + fragments(rand, 1 + Math.floor(rand() * 4)) + text.slice(at);
    case 3: return text.slice(0, at) + text.slice(at + Math.floor(rand() * 40));
    case 4: return text.replace(/\d/g, () => String(Math.floor(rand() * 10))).replace(/ /g, () => (rand() < 0.1 ? '\n' : ' '));
    default: return text + '\n' + REAL[Math.floor(rand() * REAL.length)];
  }
}

const KINDS = new Set<string>(Object.values(DiagnosisKind));
const MISSING = new Set<string>(Object.values(MissingPolicy));
const DENYING = new Set<string>(Object.values(DenyingPolicyType));
const STRING_FIELDS = ['action', 'principalArn', 'policyPrincipalArn', 'callerAccount', 'resourceAccount', 'region', 'repositoryName', 'tag'] as const;

/**
 * Checks one diagnosis and returns what is wrong with it ('' when nothing). Plain checks rather than
 * jest matchers: 10,000 inputs must stay within a few seconds.
 */
function problemsOf(input: unknown): { d?: Diagnosis; problem: string } {
  let d: Diagnosis;
  try {
    d = diagnose(input as string);
  } catch (e) {
    return { problem: `threw ${String(e)}` };
  }
  const problems: string[] = [];
  let json: string;
  try {
    json = JSON.stringify(d);
    JSON.parse(json);
  } catch (e) {
    return { d, problem: `not JSON: ${String(e)}` };
  }
  const unclean = jsonUnclean(d, 'diagnosis');
  if (unclean) problems.push(unclean);
  if (json.includes('${Token[')) problems.push('unresolved token');
  if (!KINDS.has(d.kind)) problems.push(`kind ${d.kind}`);
  if (typeof d.explanation !== 'string' || d.explanation === '') problems.push('explanation');
  for (const field of STRING_FIELDS) if (field in d && typeof d[field] !== 'string') problems.push(`${field} is not a string`);
  if (d.callerAccount !== undefined && !/^\d{12}$/.test(d.callerAccount)) problems.push(`callerAccount ${d.callerAccount}`);
  if (d.resourceAccount !== undefined && !/^\d{12}$/.test(d.resourceAccount)) problems.push(`resourceAccount ${d.resourceAccount}`);
  if (d.missingPolicy !== undefined && !MISSING.has(d.missingPolicy)) problems.push(`missingPolicy ${d.missingPolicy}`);
  if (d.denyingPolicyType !== undefined && !DENYING.has(d.denyingPolicyType)) problems.push(`denyingPolicyType ${d.denyingPolicyType}`);
  if (d.crossAccount !== undefined && d.crossAccount !== (d.callerAccount !== d.resourceAccount)) problems.push('crossAccount');
  if (d.fix !== undefined && !Array.isArray(d.fix.steps)) problems.push('fix.steps');
  return { d, problem: problems.join(', ') };
}

/** Where a value holds something JSON would drop or change (undefined, a function, NaN, a class instance); '' when clean. */
function jsonUnclean(value: unknown, where: string): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return '';
  if (typeof value === 'number') return Number.isFinite(value) ? '' : `${where} is ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = jsonUnclean(value[i], `${where}[${i}]`);
      if (inner) return inner;
    }
    return '';
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, inner] of Object.entries(value)) {
      const problem = jsonUnclean(inner, `${where}.${key}`);
      if (problem) return problem;
    }
    return '';
  }
  return `${where} is ${typeof value}`;
}

function expectWellFormed(input: unknown): Diagnosis {
  const { d, problem } = problemsOf(input);
  expect(problem).toBe('');
  return d!;
}

describe('diagnose never throws (fuzz)', () => {
  test('10,000 generated inputs: random bytes, shuffled fragments, corrupted real messages', () => {
    const rand = prng(20261122);
    const kinds = new Map<string, number>();
    const failures: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const pick = rand();
      const input = pick < 0.25 ? randomBytes(rand, Math.floor(rand() * 400))
        : pick < 0.6 ? fragments(rand, Math.floor(rand() * 40))
          : mutate(rand, REAL[Math.floor(rand() * REAL.length)]);
      const { d, problem } = problemsOf(input);
      if (problem !== '') failures.push(`#${i} ${problem}: ${JSON.stringify(input).slice(0, 300)}`);
      if (d) kinds.set(d.kind, (kinds.get(d.kind) ?? 0) + 1);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // the generator reaches every kind, so the run exercises every branch of the advice
    expect([...kinds.keys()].sort()).toEqual([...KINDS].sort());
  });

  test('inputs that are not strings', () => {
    for (const input of [undefined, null, 42, {}, [], Symbol('x'), { toString: () => { throw new Error('no'); } }]) {
      expect(expectWellFormed(input).kind).toBe('unrecognized');
    }
  });

  test.each([
    ['2 MB of one long token', 'arn:'.repeat(500_000)],
    ['2 MB of backslashes', '\\'.repeat(2_000_000)],
    ['2 MB of registry host markers', '.dkr.ecr.'.repeat(230_000)],
    ['many messages in one log', `${M.PYTORCH_CROSS_ACCOUNT}\n`.repeat(5_000)],
    ['2 MB of punctuation and one message', ')'.repeat(2_000_000) + M.GITHUB_ACTIONS_IDENTITY],
    ['spaces before a timestamp on every line', `${' '.repeat(2_000)}2024-01-01T00:00:00Z x\n`.repeat(500)],
    ['deeply escaped quotes', '\\\\\\"'.repeat(300_000) + M.BUILDKITE_LOGIN],
    ['2 MB of endpoints, buckets and ECR Public references', 'api.ecr.us-east-1.amazonaws.com prod-us-east-1-starport-layer-bucket public.ecr.aws/a/b:c '.repeat(25_000)],
    ['2 MB of quoted names and tags', 'The repository with name \'a\' in registry with id \'1\' image tag \'x\' '.repeat(30_000)],
  ])('huge input: %s is diagnosed in well under a second', (_name, input) => {
    const started = Date.now();
    expectWellFormed(input);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  test('a message at the end of a long log is still found', () => {
    const log = 'Step 1/9 : FROM node:20\n'.repeat(60_000) + M.GITHUB_ACTIONS_IDENTITY;
    expect(expectWellFormed(log)).toMatchObject({ kind: 'access-denied', missingPolicy: 'identity', repositoryName: 'laa-pcuam/csv-converter' });
  });
});
