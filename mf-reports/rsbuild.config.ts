import { readFileSync } from 'node:fs';
import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginBabel } from '@rsbuild/plugin-babel';
import { pluginSolid } from '@rsbuild/plugin-solid';
import { MODULES, sharedSingletons } from '@ph/contracts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const deps = pkg.dependencies;
const moduleInfo = MODULES.find((m) => m.id === 'reports')!;
const BFF = process.env.PH_BFF_URL ?? 'http://localhost:3000';

export default defineConfig(({ command }) => ({
  plugins: [
    pluginBabel({ include: /\.(?:jsx|tsx)$/ }),
    pluginSolid(),
    pluginModuleFederation({
      name: moduleInfo.federationName,
      exposes: { './App': './src/app.tsx' },
      shared: sharedSingletons(deps),
      dts: false,
      // The built remote borrows the federation runtime from the shell (pitfall 6); run it alone with `rsbuild dev`.
      experiments: { externalRuntime: command === 'build' },
    }),
  ],
  source: { entry: { index: './src/main.ts' } },
  html: { title: moduleInfo.id },
  output: {
    assetPrefix: 'auto',
    filenameHash: 'contenthash:8',
    filename: { js: '[name].[contenthash:8].js', css: '[name].[contenthash:8].css' },
  },
  server: {
    port: 3103,
    strictPort: true,
    cors: true,
    proxy: { '/graphql': BFF },
  },
  dev: { assetPrefix: 'auto' },
}));
