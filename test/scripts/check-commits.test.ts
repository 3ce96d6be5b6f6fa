import { MAX_SUBJECT_LENGTH, subjectProblems } from '../../scripts/check-commits';

describe('commit subjects', () => {
  test.each([
    'feat(checks): flag a public creation template policy',
    'fix: a masked account gives a valid Sid',
    'test(sweep): every example against the IAM evaluator',
    'build: pin commit-and-tag-version 12 so npm ci is quiet on Node 20',
    'ci: consumer check on the oldest and the newest aws-cdk-lib it claims',
    'feat(principal)!: CiProvider.gitHub takes the repository as one string',
    'refactor(report/evaluator): one result path for the registry case',
    `docs: ${'x'.repeat(MAX_SUBJECT_LENGTH - 'docs: '.length)}`,
  ])('accepted: %s', (subject) => {
    expect(subjectProblems(subject)).toEqual([]);
  });

  // subjects from this repository's history before the convention
  test.each([
    ['WIP EcrAccessReport (helper, unfinished)', ['does not start']],
    ['Merge main (EcrAccessChecks)', ['does not start']],
    ['checks: a public creation template\'s repository policy is flagged (test)', ['does not start']],
    ['tests: the report helper finds templates with the command\'s own manifest walk (assemblyTemplatePaths), so the evaluator comparison covers it too',
      ['does not start', 'is 144 characters long']],
    ['Feat: capitalised type', ['does not start']],
    ['feat:no space after the colon', ['does not start']],
    ['feat(Checks): scope in capitals', ['does not start']],
    ['fixup! feat: squash me', ['does not start']],
    [`docs: ${'x'.repeat(MAX_SUBJECT_LENGTH - 'docs: '.length + 1)}`, ['is 73 characters long']],
  ])('refused: %s', (subject, expected) => {
    const problems = subjectProblems(subject);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((start, i) => expect(problems[i]).toMatch(new RegExp(`^${start}`)));
  });
});
