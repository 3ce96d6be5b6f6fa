import { InputProblems, isToken } from '../private/input-problems';

// ECR's dual-stack (IPv4 and IPv6) registry host is `<account>.dkr-ecr.<region>.on.aws`, in every
// partition AWS lists it for, GovCloud included: its suffix is not the partition's URL suffix, so it
// is never derived from `AWS::URLSuffix`. AWS lists no dual-stack host for the China Regions, so none
// is written there: a guessed host would fail only when the pipeline logs in.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html
// https://docs.aws.amazon.com/general/latest/gr/ecr.html

/** The dual-stack registry host of an account and region (either may be a token). */
export function dualStackRegistryHost(account: string, region: string): string {
  return `${account}.dkr-ecr.${region}.on.aws`;
}

/** Refuses a dual-stack URI in a Region AWS lists no dual-stack host for (the China Regions); tokens are skipped. */
export function checkDualStackRegion(problems: InputProblems, property: string, region: string, ipv4Fix: string): void {
  if (isToken(region) || !region.startsWith('cn-')) return;
  problems.add(property, region, 'is a China Region, where AWS documents no dual-stack (IPv6) ECR endpoint', ipv4Fix);
}
