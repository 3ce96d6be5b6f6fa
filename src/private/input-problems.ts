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
    throw new InputError(
      `Invalid ${this.subject} (${n} problem${n === 1 ? '' : 's'}):\n` + this.problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}

/**
 * The error for bad construct input. Its message says everything (property, value, fix); the stack
 * trace would only point into this library, so it is left out of what users see.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationError';
    Object.defineProperty(this, 'stack', { value: `${this.name}: ${message}`, configurable: true, writable: true });
  }
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
