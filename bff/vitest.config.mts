import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Our sources would otherwise get graphql's ESM build while mercurius and @nestjs/graphql
    // (externalised CommonJS) get the CJS one: two realms, and graphql rejects the mix.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites start real apps on real databases; keep them off each other's CPU.
    fileParallelism: false,
  },
});
