import { readFileSync } from 'fs';

/** What a command of the `cdk-ecr-access` CLI reads and writes, so tests can run it in-process. */
export interface CommandIo {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => string;
  /** True when standard input is a terminal (nothing piped in). */
  readonly stdinIsTerminal: boolean;
}

/** A subcommand: `cdk-ecr-access <name> …`. */
export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Runs the command with the arguments after its name; returns the exit status. */
  readonly run: (args: readonly string[], io: CommandIo) => number;
}

/** The process's own streams. */
export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: () => {
      try {
        return readFileSync(0, 'utf8');
      } catch {
        return '';
      }
    },
    stdinIsTerminal: process.stdin.isTTY === true,
  };
}
