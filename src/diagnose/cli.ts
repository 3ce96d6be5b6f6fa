import { diagnose } from './diagnose';
import { DiagnosisKind } from './diagnosis';
import { renderDiagnosis } from './render';
import { Command, CommandIo } from '../private/command-io';

/** `cdk-ecr-access diagnose --help`. */
export const DIAGNOSE_USAGE = `Usage: cdk-ecr-access diagnose [--json] [--assembly DIR] [TEXT | -]

Reads an AWS error about Amazon ECR access (from docker, containerd, ECS, CodeBuild, the AWS CLI or
an SDK) and prints what happened, which policy on which side is missing, the minimal fix as policy
JSON, and the cdk-ecr-access code that writes it.

  TEXT        the error message; quote it (unquoted words are joined with spaces)
  -           read the message from standard input (the default when input is piped)
  --json      print the diagnosis as a JSON object (kind, action, principalArn, policyPrincipalArn,
              callerAccount, resourceAccount, region, repositoryName, tag, crossAccount, missingPolicy,
              denyingPolicyType, count, denials, explanation, fix)
  --assembly DIR
              the app's cloud assembly (cdk.out): name the construct and policy of the app to
              change, whether the app already grants the denied action, and for a CI job that
              cannot assume its role, the trust condition the pasted claims (sub, aud) fail
  -h, --help  show this help

Exit status: 0 when the text was diagnosed (access errors and the others: a missing image, an
immutable tag, the network …), 1 when it was not recognized, 2 on a usage error.

Examples:
  cdk-ecr-access diagnose 'denied: User: arn:aws:sts::222222222222:assumed-role/ci/gh-42 is not authorized to perform: ecr:InitiateLayerUpload on resource: arn:aws:ecr:us-east-1:111111111111:repository/team-a/api'
  docker push 111111111111.dkr.ecr.us-east-1.amazonaws.com/team-a/api:1.0 2>&1 | cdk-ecr-access diagnose --json -
`;

/** Runs `cdk-ecr-access diagnose`. */
export function runDiagnose(args: readonly string[], io: CommandIo): number {
  let json = false;
  let assembly: string | undefined;
  let fromStdin = false;
  const words: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!optionsEnded && words.length === 0 && arg.startsWith('-') && arg !== '-') {
      if (arg === '--') {optionsEnded = true;} else if (arg === '--json') {json = true;} else if (arg === '--assembly' || arg.startsWith('--assembly=')) {
        assembly = arg === '--assembly' ? args[++i] : arg.slice('--assembly='.length);
        if (assembly === undefined || assembly === '') {
          io.err(`cdk-ecr-access diagnose: --assembly needs the cloud assembly directory (cdk.out)\n\n${DIAGNOSE_USAGE}`);
          return 2;
        }
      } else if (arg === '-h' || arg === '--help') {
        io.out(DIAGNOSE_USAGE);
        return 0;
      } else {
        io.err(`cdk-ecr-access diagnose: unknown option '${arg}'\n\n${DIAGNOSE_USAGE}`);
        return 2;
      }
    } else if (arg === '-' && words.length === 0 && !fromStdin) {
      fromStdin = true;
    } else if (arg === '--json' && !optionsEnded) {
      json = true;
    } else {
      words.push(arg);
    }
  }
  if (fromStdin && words.length > 0) {
    io.err(`cdk-ecr-access diagnose: give the text as an argument or on standard input ('-'), not both\n\n${DIAGNOSE_USAGE}`);
    return 2;
  }
  if (!fromStdin && words.length === 0) {
    if (io.stdinIsTerminal) {
      io.err(`cdk-ecr-access diagnose: no error text given\n\n${DIAGNOSE_USAGE}`);
      return 2;
    }
    fromStdin = true;
  }

  const text = fromStdin ? io.readStdin() : words.join(' ');
  const diagnosis = diagnose(text, { assembly });
  io.out(json ? `${JSON.stringify(diagnosis, undefined, 2)}\n` : renderDiagnosis(diagnosis));
  return diagnosis.kind === DiagnosisKind.UNRECOGNIZED ? 1 : 0;
}

/** The `diagnose` subcommand. */
export const DIAGNOSE_COMMAND: Command = {
  name: 'diagnose',
  summary: 'explain an ECR access error: the missing policy, on which side, and the fix',
  run: runDiagnose,
};
