import * as path from 'path';

// The evaluator works out, on every request, which of the action's resource types the requested ARN
// is (a pattern match over AWS's resource-type ARN templates). That answer depends only on the
// service, the action and the ARN, and the sweep asks the same few hundred of them thousands of
// times: remembering it cuts the sweep's evaluation time by about two thirds. Decisions are unchanged.

let installed = false;
const answers = new Map<string, Promise<unknown>>();

/** Remembers resource types from now on; what was remembered for the app before is forgotten (ARNs rarely repeat across apps). */
export function rememberResourceTypes(): void {
  answers.clear();
  if (installed) return;
  installed = true;
  const base = path.dirname(require.resolve('@cloud-copilot/iam-simulate'));
  let resourceTypes: { getResourceTypesForAction: (service: string, action: string, resource: string) => Promise<unknown> };
  try {
    // the package exports only its public API; this module is reached by path on purpose
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    resourceTypes = require(path.join(base, 'simulation_engine/resourceTypes.js'));
  } catch {
    return; // another version of the evaluator, laid out otherwise: the sweep is slower, not wrong
  }
  const lookUp = resourceTypes.getResourceTypesForAction;
  resourceTypes.getResourceTypesForAction = (service: string, action: string, resource: string) => {
    const key = `${service}|${action}|${resource}`;
    let answer = answers.get(key);
    if (!answer) {
      answer = lookUp(service, action, resource);
      answers.set(key, answer!);
    }
    return answer;
  };
}
