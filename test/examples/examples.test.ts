import { readdirSync } from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

// Every example app builds and synthesizes with no error annotation; `npm run synth:examples`
// runs the same apps through the real CDK CLI.

const dir = path.join(__dirname, '..', '..', 'examples');
const examples = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

test('there are examples to check', () => {
  expect(examples.length).toBeGreaterThanOrEqual(2);
});

test.each(examples)('%s synthesizes with no errors', (file) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const example = require(path.join(dir, file)) as { build: (app: App) => void };
  const app = new App();
  example.build(app);
  const assembly = app.synth();
  expect(assembly.stacks.length).toBeGreaterThan(0);
  for (const stack of app.node.children.filter(Stack.isStack)) {
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  }
});
