import { isMap, isSeq, parse, parseDocument, Tags } from 'yaml';

// CloudFormation templates are as often YAML as JSON, written with the short forms of the
// intrinsics (`!Sub`, `!GetAtt Role.Arn`, `!Join [...]`). Each short form becomes its long form,
// so the intrinsic resolver reads a YAML template exactly as the JSON CloudFormation would store.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html

const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'GetAtt', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'];

function longForm(name: string, value: unknown): unknown {
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  // `!GetAtt Role.Arn` is the one short form whose scalar is not the long form's argument
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

const CFN_TAGS: Tags = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => (['scalar', 'seq', 'map'] as const).map((kind) => ({
  tag: `!${name}`,
  ...(kind === 'scalar' ? {} : { collection: kind }),
  resolve: (value: unknown) => longForm(name, toJson(value)),
})) as Tags);

function toJson(value: unknown): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
    ? (value as { toJSON: () => unknown }).toJSON()
    : value;
}

/** Parses a CloudFormation template written in YAML (or JSON, which is YAML too). Throws on invalid YAML. */
export function parseCfnYaml(text: string): unknown {
  return parse(text, { customTags: CFN_TAGS, maxAliasCount: 100, merge: false });
}

/**
 * The 1-based line of the value at `path` in a YAML or JSON text (JSON is YAML), or of the deepest
 * part of the path that exists there: findings point reviewers at the line, not only the file.
 */
export function lineOfPath(text: string, path: readonly string[]): number {
  const document = parseDocument(text, { customTags: CFN_TAGS, merge: false });
  let node: unknown = document.contents;
  let offset = (node as { range?: number[] } | null)?.range?.[0] ?? 0;
  for (const key of path) {
    const next: unknown = isMap(node) ? node.get(key, true) : isSeq(node) && /^\d+$/.test(key) ? node.get(Number(key), true) : undefined;
    const start = (next as { range?: number[] } | undefined)?.range?.[0];
    if (start === undefined) break;
    // a map entry's value starts after its key; the key's line is the one a reader looks for
    const pair = isMap(node) ? node.items.find((item) => (item.value as unknown) === next) : undefined;
    offset = (pair?.key as { range?: number[] } | undefined)?.range?.[0] ?? start;
    node = next;
  }
  return text.slice(0, offset).split('\n').length;
}
