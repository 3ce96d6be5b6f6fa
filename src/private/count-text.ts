/** `1 policy`, `1,100 policies`: a count as the one-line synth feedback writes it. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
