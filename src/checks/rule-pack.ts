import { Rule } from './rule';
import { allowWithNotPrincipal } from './rules/allow-with-not-principal';
import { codebuildImageNotPullable } from './rules/codebuild-image-not-pullable';
import { createOnPushOpenToPushers } from './rules/create-on-push-open-to-pushers';
import { crossAccountRepositoryOutsideApp } from './rules/cross-account-repository-outside-app';
import { crossAccountWithoutRepositoryPolicy } from './rules/cross-account-without-repository-policy';
import { denyShadowsGrant } from './rules/deny-shadows-grant';
import { ecrWildcardWithoutCondition } from './rules/ecr-wildcard-without-condition';
import { incompletePull } from './rules/incomplete-pull';
import { incompletePush } from './rules/incomplete-push';
import { invalidPolicyShape } from './rules/invalid-policy-shape';
import { invalidRepositoryArn } from './rules/invalid-repository-arn';
import { ipv4OnlySourceIp } from './rules/ipv4-only-source-ip';
import { lambdaCrossAccountImage } from './rules/lambda-cross-account-image';
import { lifecycleRemovesReferencedImage } from './rules/lifecycle-removes-referenced-image';
import { missingLogin } from './rules/missing-login';
import { notChecked } from './rules/not-checked';
import { policySize } from './rules/policy-size';
import { publicPrincipalWithoutCondition } from './rules/public-principal-without-condition';
import { pushWithoutSigning } from './rules/push-without-signing';
import { registryActionInRepositoryPolicy } from './rules/registry-action-in-repository-policy';
import { registryActionOnRepositoryArn } from './rules/registry-action-on-repository-arn';
import { servicePrincipalWithoutSource } from './rules/service-principal-without-source';
import { unknownAction } from './rules/unknown-action';
import { unknownManagedPolicy } from './rules/unknown-managed-policy';
import { webIdentityTrustUnpinned } from './rules/web-identity-trust-unpinned';

/** Every rule of `EcrAccessChecks`, in the order findings are reported. */
export const RULES: readonly Rule[] = [
  unknownAction,
  invalidPolicyShape,
  unknownManagedPolicy,
  invalidRepositoryArn,
  registryActionOnRepositoryArn,
  registryActionInRepositoryPolicy,
  incompletePull,
  incompletePush,
  missingLogin,
  crossAccountWithoutRepositoryPolicy,
  crossAccountRepositoryOutsideApp,
  lambdaCrossAccountImage,
  codebuildImageNotPullable,
  publicPrincipalWithoutCondition,
  allowWithNotPrincipal,
  servicePrincipalWithoutSource,
  ecrWildcardWithoutCondition,
  webIdentityTrustUnpinned,
  ipv4OnlySourceIp,
  policySize,
  denyShadowsGrant,
  createOnPushOpenToPushers,
  lifecycleRemovesReferencedImage,
  pushWithoutSigning,
  notChecked,
];
