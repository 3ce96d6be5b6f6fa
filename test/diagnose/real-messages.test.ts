import { readFileSync } from 'fs';
import * as path from 'path';
import { CorpusEntry, differences, scoreCorpus } from './corpus/score';
import { diagnose, DiagnosisKind } from '../../src';

// The errors people really paste (corpus/real-messages.json: public issue threads and forums, the
// source URL beside each; a few marked synthetic, composed from AWS documentation where no real paste
// was found), labelled by what an expert reads in them, independently of this code. Every field of
// every diagnosis is compared with its label. Where the diagnosis and the label differ, the difference
// is listed below with the reason, so a change that fixes one (or breaks another) shows here.

const CORPUS: CorpusEntry[] = JSON.parse(readFileSync(path.join(__dirname, 'corpus', 'real-messages.json'), 'utf8'));

/** Differences between diagnosis and label that remain, by entry id: what differs, and why it is left. */
const KNOWN_DIFFERENCES: Record<string, string[]> = {
  // the label treats the documentation's example account as a placeholder; other entries (synthetic)
  // label it as an account, and a real registry may have any 12-digit id: it is kept
  'ptc-dockerhub-blob-redirect-no-internet': ['resourceAccount: got "123456789012", want undefined'],
  'access-denied-principal-not-an-arn': ['resourceAccount: got "123412341234", want undefined'],
  // a tag cut by a terminal line break ("v1 ⏎ .0.0"): not rejoined, since a space also ends a tag
  'efs-csi-no-basic-auth-wrapped-events': ['tag: got "v1", want "v1.0.0"'],
  // two registries in one log (a login to one, a pull from another): hosts that disagree say nothing
  'convox-unauthorized-authentication-required': ['resourceAccount: got undefined, want "922560784203"'],
  // a custom domain in front of ECR: not an ECR host, so its path is not read as a repository
  'custom-domain-fronting-ecr-no-basic-auth': ['repositoryName: got undefined, want "image"', 'tag: got undefined, want "latest"'],
  // an ARN split over two lines in the middle of a word: not rejoined
  'access-denied-arn-split-across-lines-cdk-cr': [
    'resourceAccount: got undefined, want "536382905314"', 'region: got undefined, want "us-west-2"',
    'repositoryName: got undefined, want "project-web"', 'crossAccount: got undefined, want false',
  ],
  // callers written with placeholders or cut off are kept as written (the explanation says which part is unusable)
  'access-denied-trusted-account-cdk-assets-wrapped': ['principalArn: got "arn:aws:sts::<trusted-accountid>:assumed-role/<sso>/<username>", want undefined', 'crossAccount: got undefined, want true'],
  'access-denied-assumed-role-without-session': ['principalArn: got "arn:aws:sts::053722134931:assumed-role/buildkite-IAMRole-XXX", want undefined'],
  'access-denied-truncated-batch-execution-role': ['principalArn: got "arn:aws:sts::...:assumed-role/OvertureTilesCdkStack-OvertureTilesContainer", want undefined'],
  'explicit-deny-legacy-no-policy-type-chalice': ['principalArn: got "arn:aws:sts::0000000:assumed-role/xxxxx", want undefined'],
  'access-denied-permissions-boundary-implicit-masked': ['principalArn: got "arn:aws:iam::***:user/****", want undefined'],
  'explicit-deny-scp-brace-placeholders': ['principalArn: got "arn:aws:sts::{account-id}:assumed-role/{role-arn", want "arn:aws:sts::{account-id}:assumed-role/{role-arn}"'],
  // encoded messages that are cut, wrapped or written as a placeholder: nothing to decode is read as no message
  'encoded-message-cloudformation-event-truncated': ['action: got undefined, want "ec2:RunInstances"'],
  'encoded-message-karpenter-create-fleet': ['kind: got "unrecognized", want "encoded-authorization-message"'],
  'encoded-message-placeholder-terraform-ec2': ['kind: got "unrecognized", want "encoded-authorization-message"'],
  'encoded-message-eks-nodegroup-launch-template-truncated': ['region: got undefined, want "eu-north-1"'],
  // Lambda's image error always needs the repository policy (the service principal has no identity policy)
  'lambda-function-cannot-access-image-cdk-staging': ['missingPolicy: got "resource", want undefined'],
  // the 2021 wording of Lambda's cross-account refusal (since lifted by AWS) is not recognized
  'lambda-cross-account-image-not-supported-2021': [
    'kind: got "unrecognized", want "lambda-image-access"', 'action: got undefined, want "lambda:CreateFunction"', 'crossAccount: got undefined, want true',
  ],
};

const TABLE = CORPUS.map((entry) => [entry.id, entry] as const);

describe('diagnose: the real-message corpus', () => {
  test('at least 60 real messages, every kind, each with its source', () => {
    const real = CORPUS.filter((e) => !e.synthetic);
    expect(real.length).toBeGreaterThanOrEqual(60);
    expect(new Set(CORPUS.map((e) => e.expected.kind))).toEqual(new Set(Object.values(DiagnosisKind)));
    expect(CORPUS.filter((e) => !/^https:\/\//.test(e.source))).toEqual([]);
  });

  test.each(TABLE)('%s', (id, entry) => {
    // WHEN
    const d = diagnose(entry.text);
    // THEN every field as labelled, but for the differences listed (and explained) above
    expect(differences(entry, d)).toEqual(KNOWN_DIFFERENCES[id] ?? []);
  });

  test('no known difference is stale', () => {
    const ids = new Set(CORPUS.map((e) => e.id));
    expect(Object.keys(KNOWN_DIFFERENCES).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('the repository and tag of the message are in the fix, never a placeholder for them', () => {
    for (const entry of CORPUS) {
      const d = diagnose(entry.text);
      const fix = JSON.stringify(d.fix ?? {});
      if (d.repositoryName !== undefined) expect(fix).not.toContain('<repository-name>');
      const tags = [...fix.matchAll(/imageTag=([^\s`"]+)/g)].map((m) => m[1]);
      expect([entry.id, tags.filter((t) => t !== (d.tag ?? '<tag>'))]).toEqual([entry.id, []]);
    }
  });

  test('kinds that are not about permissions suggest no policy', () => {
    const notPermissions = ['repository-not-found', 'image-not-found', 'immutable-tag', 'image-already-exists', 'network', 'layer-download-denied', 'clock-skew', 'federation'];
    for (const entry of CORPUS) {
      const d = diagnose(entry.text);
      if (!notPermissions.includes(d.kind)) continue;
      expect([entry.id, d.fix?.identityPolicy, d.fix?.repositoryPolicy]).toEqual([entry.id, undefined, undefined]);
      expect(d.explanation).not.toMatch(/Paste the whole error/);
    }
  });

  test('accuracy on the corpus stays at least where it is (fields and kinds)', () => {
    // WHEN
    const score = scoreCorpus(CORPUS, diagnose);
    // THEN (before issue 16: 219/465 fields, 51/136 kinds, 77 unrecognized)
    expect(score.fieldsRight / score.fields).toBeGreaterThanOrEqual(0.93);
    expect(score.kindsRight / score.entries).toBeGreaterThanOrEqual(0.96);
    expect(score.unrecognized).toBeLessThanOrEqual(12);
  });
});
