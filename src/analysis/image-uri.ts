import { isKnown } from './cfn-values';

// A container image in a private ECR repository is named by the repository's registry (its account
// and Region) and the repository's name: `<account>.dkr.ecr.<region>.<URL suffix>/<name>`, then
// `:<tag>` or `@<digest>` (ECR's FIPS endpoints add `-fips`). The dual-stack (IPv4 and IPv6) host
// of the same registry is `<account>.dkr-ecr[-fips].<region>.on.aws` in every partition AWS lists.
// A repository name holds neither `:` nor `@`, so the name ends at the first of them.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html

/** The repository an image URI names. */
export interface ImageRepository {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  /** True for the dual-stack host (`<account>.dkr-ecr.<region>.on.aws`). */
  readonly dualStack: boolean;
}

const IMAGE_URI = /^([^./]+)\.(?:dkr\.ecr(?:-fips)?\.([^./]+)\.[^/]+|dkr-ecr(?:-fips)?\.([^./]+)\.on\.aws)\/([^:@]+)(?:[:@].*)?$/;

/** The repository of an ECR image URI whose account is known at synth; undefined for anything else. */
export function repositoryOfImage(imageUri: string): ImageRepository | undefined {
  const match = IMAGE_URI.exec(imageUri);
  if (!match || !isKnown(match[1]) || !/^\d{12}$/.test(match[1])) return undefined;
  const dualStack = match[3] !== undefined;
  return { account: match[1], region: dualStack ? match[3] : match[2], name: match[4], dualStack };
}
