import { parse, Tags } from 'yaml';

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
