import { Aspects } from 'aws-cdk-lib';
import { largeApp } from './large-app';
import { EcrAccessChecks } from '../../src';

// The checks on a whole app: 60 services' repositories, grants, references across stacks and
// accounts, managed policies, users and groups (twenty services to a stack so that CDK's own
// per-stack work stays out of the test's time; the bench runs the same app at 200 services). Our own grants yield
// nothing; the mistakes written in two services are found there, and only there, both ways.
// Synth time with and without the checks is measured by `npx ts-node --transpile-only bench/checks.ts`.

test('60 services: only the mistakes, where they are, the same both ways', () => {
  const app = largeApp({ services: 60, servicesPerStack: 20, mistakesIn: [17, 43] });
  Aspects.of(app).add(new EcrAccessChecks());
  const assembly = app.synth();
  expect(assembly.stacks).toHaveLength(4);

  const annotations = assembly.stacks.flatMap((s) => s.messages)
    .filter((m) => String(m.entry.data).startsWith('[cdk-ecr-access:'))
    .map((m) => `${m.id} ${String(m.entry.data).split(']')[0].slice(1)}`)
    .sort();
  const where = (i: number) => `/Services${i - (i % 20)}/Service${i}`;
  expect(annotations).toEqual([17, 43].flatMap((i) => [
    `${where(i)}/Raw cdk-ecr-access:registry-action-in-repository-policy`,
    `${where(i)}/Task/DefaultPolicy/Resource cdk-ecr-access:invalid-repository-arn`,
    `${where(i)}/Task/DefaultPolicy/Resource cdk-ecr-access:unknown-action`,
  ]).sort());

  const report = new EcrAccessChecks().validate({ templatePaths: assembly.stacks.map((s) => s.templateFullPath), appConstruct: app });
  const violations = report.violations.map((v) => `${v.violatingResources[0].templatePath!.split('/').pop()} ${v.violatingResources[0].resourceLogicalId} ${v.ruleName}`);
  expect(violations).toHaveLength(6);
  expect(violations.filter((v) => v.startsWith('Services0.template.json Service17') || v.startsWith('Services40.template.json Service43'))).toHaveLength(6);
  expect(report.success).toBe(false);
});
