import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';

// A signed request reaches AWS within minutes of its time stamp or is refused: the client clock is
// wrong. New keys or policies change nothing.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html

export const clockSkew: KindAdvice = {
  kind: DiagnosisKind.CLOCK_SKEW,
  title: 'The client clock is wrong',

  explanation() {
    return 'AWS refused the request because its signature time is too far from AWS\'s time: the clock of the machine that signed it is off. ' +
      'Not a credentials or policy problem.';
  },

  fix() {
    return {
      steps: [
        'Synchronise the clock of the host that runs the client (`timedatectl set-ntp true`, chrony, or the hypervisor\'s time sync); containers use the host\'s clock.',
        'Run the command again; rotating keys or changing policies does not help.',
      ],
    };
  },
};
