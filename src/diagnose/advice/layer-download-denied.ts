import { KindAdvice } from './kind-advice';
import { DiagnosisKind } from '../diagnosis';
import { PLACEHOLDER } from '../fix';

// Login and the manifest worked; S3 refused the layer. ECR serves layers from an AWS-owned bucket per
// region, which an S3 gateway endpoint policy (or a data perimeter) must allow.
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-setting-up-s3-gateway

export const layerDownloadDenied: KindAdvice = {
  kind: DiagnosisKind.LAYER_DOWNLOAD_DENIED,
  title: 'S3 refused an image layer',

  explanation({ facts }) {
    return `The registry answered, then S3 refused the download of an image layer (AccessDenied from prod-${facts.region ?? PLACEHOLDER.region}-starport-layer-bucket). ` +
      'The caller\'s ECR permissions worked: an S3 gateway endpoint policy, or a policy that limits S3 to your own accounts, does not allow ECR\'s layer bucket.';
  },

  fix({ facts }) {
    const bucket = `prod-${facts.region ?? PLACEHOLDER.region}-starport-layer-bucket`;
    return {
      steps: [
        `Allow the layer bucket in the S3 gateway endpoint policy: { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${bucket}/*" }.`,
        'A service control or resource control policy that limits S3 by aws:ResourceAccount must exempt this AWS-owned bucket.',
      ],
    };
  },
};
