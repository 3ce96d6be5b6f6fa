import { Template } from 'aws-cdk-lib/assertions';
import { basicScanning, synthesizedPlatform } from './registry-scenarios';

// The registry's scanning configuration (src/registry/scanning.ts), as the platform scenario writes it.

const { template, drTemplate } = synthesizedPlatform();

describe('scanning', () => {
  test('enhanced scanning: continuous for prod/*, on push for everything else', () => {
    template.hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'ENHANCED',
      Rules: [
        { ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'prod/*', FilterType: 'WILDCARD' }] },
        { ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] },
      ],
    });
  });

  test('RegistryScanning.basic() scans every repository on push', () => {
    Template.fromStack(basicScanning().stack).hasResourceProperties('AWS::ECR::RegistryScanningConfiguration', {
      ScanType: 'BASIC',
      Rules: [{ ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] }],
    });
  });

  test('without scanning, the registry\'s existing configuration is left alone (no resource)', () => {
    drTemplate.resourceCountIs('AWS::ECR::RegistryScanningConfiguration', 0);
  });
});
