#!/usr/bin/env node
import { readFileSync } from 'fs';
import * as path from 'path';
import { checkCommand } from './checks/cli';
import { DIAGNOSE_COMMAND } from './diagnose/cli';
import { Command, CommandIo, processIo } from './private/command-io';
import { REPORT_COMMAND } from './report/cli';

// The `cdk-ecr-access` command: a small dispatcher, one module per subcommand.

const COMMANDS: readonly Command[] = [DIAGNOSE_COMMAND, REPORT_COMMAND, checkCommand(version)];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return 'Usage: cdk-ecr-access <command> [options]\n\nCommands:\n' +
    COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n') +
    '\n\nRun `cdk-ecr-access <command> --help` for the options of a command.\n';
}

function version(): string {
  try {
    return JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Runs the CLI with the arguments after the program name; returns the exit status. */
export function main(argv: readonly string[], io: CommandIo): number {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(usage());
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    io.out(usage());
    return 0;
  }
  if (name === '--version') {
    io.out(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`cdk-ecr-access: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), processIo());
}
