import { partitionOf } from '../../src/analysis/partitions';

// A Region's partition and URL suffix from its name, without loading aws-cdk-lib's RegionInfo.
// https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html

test.each([
  ['us-east-1', { partition: 'aws', urlSuffix: 'amazonaws.com' }],
  ['eu-west-1', { partition: 'aws', urlSuffix: 'amazonaws.com' }],
  ['cn-north-1', { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' }],
  ['us-gov-west-1', { partition: 'aws-us-gov', urlSuffix: 'amazonaws.com' }],
  ['us-iso-east-1', { partition: 'aws-iso', urlSuffix: 'c2s.ic.gov' }],
  ['us-isob-east-1', { partition: 'aws-iso-b', urlSuffix: 'sc2s.sgov.gov' }],
  ['us-isof-south-1', { partition: 'aws-iso-f', urlSuffix: undefined }],
  ['eu-isoe-west-1', { partition: 'aws-iso-e', urlSuffix: undefined }],
  ['eusc-de-east-1', { partition: 'aws-eusc', urlSuffix: undefined }],
])('%s', (region, expected) => {
  expect(partitionOf(region)).toEqual(expected);
});
