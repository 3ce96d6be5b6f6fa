import { main } from '../../src/cli';
import { CommandIo } from '../../src/private/command-io';

/** What a run of the `cdk-ecr-access` command printed, and its exit status. */
export interface CommandRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `cdk-ecr-access <argv…>` in this process, with nothing on standard input. */
export function runCommand(argv: readonly string[]): CommandRun {
  let out = '';
  let err = '';
  const io: CommandIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, readStdin: () => '', stdinIsTerminal: true };
  const code = main(argv, io);
  return { code, out, err };
}
