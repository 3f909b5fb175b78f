import { readFileSync } from 'node:fs';
import { pluginModuleFederation } from '@module-federation/rsbuild-plugin';
import { defineConfig } from '@rsbuild/core';
import { pluginBabel } from '@rsbuild/plugin-babel';
import { pluginSolid } from '@rsbuild/plugin-solid';
import { sharedSingletons } from '@ph/contracts';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
const deps = pkg.dependencies;
const BFF = process.env.PH_BFF_URL ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [
    pluginBabel({ include: /\.(?:jsx|tsx)$/ }),
    pluginSolid(),
    pluginModuleFederation({
      name: 'shell',
      // No static remotes: the shell reads /config/remotes.json at run time (pitfall 7).
      shared: sharedSingletons(deps),
      dts: false,
      // Remotes are built with externalRuntime; the shell provides the one federation runtime (pitfall 6).
      experiments: { provideExternalRuntime: true },
    }),
  ],
  source: { entry: { index: './src/main.ts' } },
  html: { title: 'Partner Hub', template: './src/index.html' },
  output: {
    assetPrefix: '/',
    filenameHash: 'contenthash:8',
    filename: { js: '[name].[contenthash:8].js', css: '[name].[contenthash:8].css' },
  },
  server: {
    port: 3100,
    strictPort: true,
    historyApiFallback: true,
    proxy: { '/graphql': BFF, '/api': BFF, '/config': BFF, '/modules': BFF },
  },
});
