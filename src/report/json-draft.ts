// The report's objects leave out the fields that do not apply (a row outside the app has no path,
// most statements no Sid). Written as `{ a, ...cond ? { b } : {} }`, each such field costs a
// temporary object and a generic property copy per object: thousands per synth, mostly before V8
// has optimized the code that makes them. The builders set those fields one by one instead, in
// the order the JSON lists them, so the files read exactly as before.

/** A report object while its optional fields are set. */
export type Draft<T> = { -readonly [K in keyof T]: T[K] };
