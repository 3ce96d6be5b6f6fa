import * as path from 'path';
import { Token } from 'aws-cdk-lib';

/**
 * Collects every problem with a construct's input, then throws once with all of them, so users fix
 * their props in one round instead of one error per synth.
 */
export class InputProblems {
  private readonly problems: string[] = [];

  /**
   * @param subject what is being validated, with its construct path (e.g. `PushableRepository at 'App/Repo'`)
   */
  constructor(private readonly subject: string) {}

  /** Records one problem: the property, the bad value, what is wrong and how to fix it. */
  public add(property: string, value: unknown, problem: string, fix: string): void {
    this.problems.push(`${property}: ${describeValue(value)} ${problem}. Fix: ${fix}`);
  }

  public get count(): number {
    return this.problems.length;
  }

  /** Throws an {@link InputError} listing every recorded problem, if there are any. */
  public throwIfAny(): void {
    if (this.problems.length === 0) return;
    const n = this.problems.length;
    throw new ValidationError(
      `Invalid ${this.subject} (${n} problem${n === 1 ? '' : 's'}):\n` + this.problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

/**
 * The error for bad construct input. Its message says everything (property, value, fix). Of the stack
 * trace only the line of the caller's code that passed the input is kept: the rest would only point
 * into this library, and a provider such as `CiProvider.gitHubActions()` is made before any construct,
 * so that line is all that says where it was. With that line, Node prints the error as
 * `ValidationError: …` instead of `[InputError [ValidationError]: …]`.
 */
class ValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
    const site = callSite();
    Object.defineProperty(this, 'stack', { value: `${this.name}: ${message}${site ? `\n    at ${site}` : ''}`, configurable: true, writable: true });
  }
}

/** The error for bad input (its class is named `ValidationError`, the name users see). */
export { ValidationError as InputError };

/** This library's compiled (or source) directory: frames in it are not the caller's. */
const LIBRARY_DIR = path.resolve(__dirname, '..') + path.sep;

/** The first frame of the current stack in the caller's code: not this library, not Node, not a dependency. */
function callSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  // the caller is below the library's frames and aws-cdk-lib's constructor chain
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frame = stack.split('\n').slice(1).map((line) => line.trim().replace(/^at /, ''))
    .find((line) => !line.includes(LIBRARY_DIR) && !line.includes(`${path.sep}node_modules${path.sep}`) && !line.includes('node:') && /:\d+:\d+\)?$/.test(line));
  return frame?.replace(process.cwd() + path.sep, '');
}

/** True for values that are resolved only at deploy time: they are never validated at synth. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'is missing and';
  if (typeof value === 'string') return `got '${value}':`;
  try {
    return `got ${JSON.stringify(value)}:`;
  } catch {
    return `got ${String(value)}:`;
  }
}
