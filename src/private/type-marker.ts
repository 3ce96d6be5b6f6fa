// An app can hold two copies of this library (a construct library that depends on another version,
// say), and `instanceof` is false for an instance of the other copy's class. A global symbol per
// class, set on each instance, is what the `isXxx` type guards read instead, as aws-cdk-lib's own
// guards (`Stack.isStack`) do.

/** Marks an instance as one of the library's `className`, for {@link isMarked}. */
export function markAs(instance: object, className: string): void {
  Object.defineProperty(instance, symbolOf(className), { value: true });
}

/** True when `x` was marked as `className` by any copy of the library. */
export function isMarked(x: unknown, className: string): boolean {
  return x !== null && typeof x === 'object' && symbolOf(className) in x;
}

function symbolOf(className: string): symbol {
  return Symbol.for(`cdk-ecr-access.${className}`);
}
