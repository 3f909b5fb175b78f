import { describe, expect, it } from 'vitest';
import { sharedSingletons } from './federation';

describe(sharedSingletons.name, () => {
  const deps = { 'solid-js': '1.9.19', '@solidjs/router': '0.15.4', i18next: '26.7.2', 'chart.js': '4.6.1' };

  it('shares every singleton at the declared version, subpaths at their package version', () => {
    expect(sharedSingletons(deps, ['chart.js'])).toEqual({
      'solid-js': { singleton: true, requiredVersion: '1.9.19' },
      'solid-js/web': { singleton: true, requiredVersion: '1.9.19' },
      'solid-js/store': { singleton: true, requiredVersion: '1.9.19' },
      '@solidjs/router': { singleton: true, requiredVersion: '0.15.4' },
      i18next: { singleton: true, requiredVersion: '26.7.2' },
      'chart.js': { singleton: true, requiredVersion: '4.6.1' },
    });
  });

  it('refuses a package that does not depend on a shared singleton', () => {
    expect(() => sharedSingletons({ 'solid-js': '1.9.19' })).toThrow(/@solidjs\/router must be a dependency/);
  });
});
