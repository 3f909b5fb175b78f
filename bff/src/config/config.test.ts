import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe(loadConfig.name, () => {
  const sut = loadConfig;

  it('defaults to SQLite files under ./data of the working directory', () => {
    const config = sut({}, '/srv/ph');
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', nodeEnv: 'development', dataDir: '/srv/ph/data', demoSeed: false });
    expect(config.databases.directory).toEqual({ driver: 'sqlite', file: '/srv/ph/data/directory.sqlite' });
    expect(config.databases.EU).toEqual({ driver: 'sqlite', file: '/srv/ph/data/region-eu.sqlite' });
    expect(config.remoteEntries.customers).toBe('/modules/customers/mf-manifest.json');
    expect(config.remoteTimeoutMs).toBe(5000);
    expect(config.staticRoot).toBe(join(__dirname, '..', '..', '..'));
  });

  it('takes PostgreSQL per store, remote overrides and flags from the environment', () => {
    const config = sut({
      DATABASE_URL_EU: 'postgres://db.eu/ph',
      REMOTE_ANALYTICS_URL: 'https://cdn.example.com/a/mf-manifest.json',
      DEMO_SEED: 'true',
      PORT: '8080',
    });
    expect(config.databases.EU).toEqual({ driver: 'postgresql', url: 'postgres://db.eu/ph' });
    expect(config.databases.US.driver).toBe('sqlite');
    expect(config.remoteEntries.analytics).toBe('https://cdn.example.com/a/mf-manifest.json');
    expect(config.demoSeed).toBe(true);
    expect(config.port).toBe(8080);
  });

  it('reads partner ingestion keys as key → partner id', () => {
    const partner = '7d1f0c7e-6a49-4d8e-9a63-2c1f1b0d9a11';
    const config = sut({ INGEST_API_KEYS: `${partner}:k3y-abcdefghijklmnop, ${partner}:second-key-0123456789` });
    expect([...config.ingestApiKeys]).toEqual([
      ['k3y-abcdefghijklmnop', partner],
      ['second-key-0123456789', partner],
    ]);
    expect(sut({}).ingestApiKeys.size).toBe(0);
  });

  it('fails fast listing every bad variable', () => {
    const bad = { PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL_US: 'mysql://x/y', DEMO_SEED: 'maybe', REMOTE_TIMEOUT_MS: '-1', INGEST_API_KEYS: 'no-colon' };
    let error: unknown;
    try {
      sut(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(problems.sort()).toEqual(Object.keys(bad).sort());
    expect((error as ConfigError).message).toContain('PORT');
  });
});
