// The partition and URL suffix of a Region, from its name. aws-cdk-lib's RegionInfo knows them too,
// but loading its fact tables costs about 300 ms on first use, more than all the checks together.
// https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html

const PARTITIONS: ReadonlyArray<[prefix: string, partition: string, urlSuffix: string | undefined]> = [
  ['cn-', 'aws-cn', 'amazonaws.com.cn'],
  ['us-gov-', 'aws-us-gov', 'amazonaws.com'],
  ['us-isof-', 'aws-iso-f', undefined],
  ['us-isob-', 'aws-iso-b', 'sc2s.sgov.gov'],
  ['us-iso-', 'aws-iso', 'c2s.ic.gov'],
  ['eu-isoe-', 'aws-iso-e', undefined],
  ['eusc-', 'aws-eusc', undefined],
];

/** Partition and URL suffix of a Region; the suffix is undefined where it is not certain. */
export function partitionOf(region: string): { partition: string; urlSuffix?: string } {
  for (const [prefix, partition, urlSuffix] of PARTITIONS) {
    if (region.startsWith(prefix)) return { partition, urlSuffix };
  }
  return { partition: 'aws', urlSuffix: 'amazonaws.com' };
}
