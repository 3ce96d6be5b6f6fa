// What a diagnosis of each real message must say, written independently of the code: the
// identifying fields exactly (absent means absent), the explanation by its key sentence, and the fix
// by its statements, compared with the action lists AWS documents (test/helpers/expected-actions.ts).

/** The identifying fields as their JSON values (the contract scripts read), written as literals on purpose. */
export type Fields = { readonly kind: string } & Record<string, string | boolean | number>;

export interface Expected {
  readonly fields: Fields;
  readonly explanation: RegExp;
  /** The action of each denial, when the text holds more than one; undefined = one. */
  readonly denials?: string[];
  /** Identity policy statements as [actions, resource]; undefined = no identity policy. */
  readonly identity?: Array<[string[], string]>;
  /** Repository policy statements as [sid, principal, actions]; undefined = no repository policy. */
  readonly repository?: Array<[string | undefined, Record<string, string>, string[]]>;
  /** The cdk snippet; undefined = none. */
  readonly cdk?: RegExp;
  /** A step that must be there; undefined with noFix = no fix at all. */
  readonly step?: RegExp;
  readonly noFix?: boolean;
}
