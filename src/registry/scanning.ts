import * as ecr from 'aws-cdk-lib/aws-ecr';
import { checkScanningFilter } from './registry-input';
import { InputProblems, isToken } from '../private/input-problems';
import { isMarked, markAs } from '../private/type-marker';

/** ECR allows two scanning rules per registry (one per scan frequency). */
const MAX_SCANNING_RULES = 2;
/** ECR allows 100 repository filters per scanning rule. */
const MAX_SCANNING_FILTERS = 100;

/**
 * How often images are scanned.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export enum ScanFrequency {
  /** Scan each image when it is pushed (basic and enhanced scanning). */
  SCAN_ON_PUSH = 'SCAN_ON_PUSH',
  /** Scan on push and again whenever new vulnerabilities are published (enhanced scanning only). */
  CONTINUOUS_SCAN = 'CONTINUOUS_SCAN',
}

/**
 * One scanning rule: which repositories are scanned, and how often.
 */
export interface RegistryScanningRule {
  /** How often the matching repositories are scanned. */
  readonly frequency: ScanFrequency;

  /**
   * Repository name patterns, with `*` as a wildcard (`prod-*`, `team-a/*`). Up to 100.
   *
   * @default ['*'] - every repository
   */
  readonly repositoryFilters?: string[];
}

/**
 * The registry's image scanning configuration: basic scanning (ECR's own, on push) or enhanced
 * scanning (Amazon Inspector, on push or continuously), each with rules by repository filter.
 *
 * A registry has one scanning configuration: it replaces whatever the registry had before, including
 * the scan-on-push setting of each repository.
 *
 * @example
 * import { EcrRegistry, RegistryScanning, ScanFrequency } from 'cdk-ecr-access';
 *
 * new EcrRegistry(this, 'Registry', {
 *   scanning: RegistryScanning.enhanced([
 *     { frequency: ScanFrequency.CONTINUOUS_SCAN, repositoryFilters: ['prod/*'] },
 *     { frequency: ScanFrequency.SCAN_ON_PUSH },
 *   ]),
 * });
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
 */
export class RegistryScanning {
  /**
   * Basic scanning: ECR scans images on push for the repositories the rules match.
   *
   * @param rules the scanning rules; only `SCAN_ON_PUSH` is available with basic scanning
   * @default - scan every repository on push
   */
  public static basic(rules?: RegistryScanningRule[]): RegistryScanning {
    return new RegistryScanning('BASIC', rules ?? [{ frequency: ScanFrequency.SCAN_ON_PUSH }]);
  }

  /**
   * Enhanced scanning with Amazon Inspector (billed by Inspector): operating-system and
   * programming-language vulnerabilities, on push or continuously.
   *
   * @param rules the scanning rules
   * @default - scan every repository continuously
   */
  public static enhanced(rules?: RegistryScanningRule[]): RegistryScanning {
    return new RegistryScanning('ENHANCED', rules ?? [{ frequency: ScanFrequency.CONTINUOUS_SCAN }]);
  }

  /** `BASIC` or `ENHANCED`. */
  public readonly scanType: string;

  private readonly rules: RegistryScanningRule[];

  private constructor(scanType: string, rules: RegistryScanningRule[]) {
    markAs(this, 'RegistryScanning');
    this.scanType = scanType;
    this.rules = rules;
  }

  /** @internal */
  public _check(problems: InputProblems, property: string): void {
    if (isToken(this.rules)) return;
    if (this.rules.length > MAX_SCANNING_RULES) {
      problems.add(`${property}.rules`, `${this.rules.length} rules`, `has more than ${MAX_SCANNING_RULES} rules (ECR allows one per scan frequency)`,
        'merge the rules of each frequency into one, listing all their filters');
    }
    const frequencies = new Set<string>();
    this.rules.forEach((rule, i) => {
      const at = `${property}.rules[${i}]`;
      if (this.scanType === 'BASIC' && rule.frequency === ScanFrequency.CONTINUOUS_SCAN) {
        problems.add(`${at}.frequency`, rule.frequency, 'needs enhanced scanning (basic scanning scans on push only)',
          'use RegistryScanning.enhanced(...) or ScanFrequency.SCAN_ON_PUSH');
      }
      if (frequencies.has(rule.frequency)) {
        problems.add(`${at}.frequency`, rule.frequency, 'is used by another rule too', 'merge the two rules into one, listing all their filters');
      }
      frequencies.add(rule.frequency);
      const filters = rule.repositoryFilters;
      if (filters === undefined || isToken(filters)) return;
      if (filters.length === 0) {
        problems.add(`${at}.repositoryFilters`, filters, 'is empty, so the rule would scan nothing', 'list patterns, or omit repositoryFilters to scan every repository');
      }
      if (filters.length > MAX_SCANNING_FILTERS) {
        problems.add(`${at}.repositoryFilters`, `${filters.length} filters`, `has more than ${MAX_SCANNING_FILTERS} filters (ECR's limit)`, 'combine them with wildcards');
      }
      filters.forEach((filter, j) => checkScanningFilter(problems, `${at}.repositoryFilters[${j}]`, filter));
    });
  }

  /** @internal */
  public _render(): ecr.CfnRegistryScanningConfigurationProps {
    return {
      scanType: this.scanType,
      rules: this.rules.map((rule) => ({
        scanFrequency: rule.frequency,
        repositoryFilters: (rule.repositoryFilters ?? ['*']).map((filter) => ({ filter, filterType: 'WILDCARD' })),
      })),
    };
  }
}

/** True when `x` is a RegistryScanning of any copy of the library: props from another copy are accepted. */
export function isRegistryScanning(x: unknown): x is RegistryScanning {
  return isMarked(x, 'RegistryScanning');
}
