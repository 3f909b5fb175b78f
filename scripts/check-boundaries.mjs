// Proves the module-boundary lint rule bites: lints probe imports that cross a
// forbidden boundary and fails unless ESLint reports each one (and allows the legal ones).
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';

// The Nx rule reads the cached project graph and silently skips without one: build it first.
execFileSync(process.execPath, ['node_modules/nx/dist/bin/nx.js', 'show', 'projects'], { stdio: 'ignore' });

const cases = [
  { file: 'mf-customers/src/boundary-probe.ts', code: "import '@ph/mf-analytics';", allowed: false },
  { file: 'mf-reports/src/boundary-probe.ts', code: "import '../../mf-customers/src/app';", allowed: false },
  { file: 'mf-analytics/src/boundary-probe.ts', code: "import '@ph/shell';", allowed: false },
  { file: 'shell/src/boundary-probe.ts', code: "import '@ph/mf-customers';", allowed: false },
  { file: 'bff/src/boundary-probe.ts', code: "import '@ph/ui';", allowed: false },
  { file: 'mf-customers/src/boundary-probe.ts', code: "import '@ph/contracts';\nimport '@ph/ui';", allowed: true },
  { file: 'bff/src/boundary-probe.ts', code: "import '@ph/contracts';", allowed: true },
];

const eslint = new ESLint();
let failed = 0;
for (const c of cases) {
  const [result] = await eslint.lintText(c.code, { filePath: c.file });
  const hits = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
  const ok = c.allowed ? hits.length === 0 : hits.length > 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.allowed ? 'allows ' : 'refuses'} ${c.code.replace(/\n/g, ' ')} in ${c.file}`);
}
console.log(`boundaries: ${cases.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
