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

  it('reads the auth settings with safe defaults', () => {
    expect(sut({})).toMatchObject({
      demoPassword: 'demo-partner-hub',
      redisUrl: null,
      oidc: null,
      rateLimits: { namespace: 'ph', signInPerAccount: 10, signInPerIp: 100, graphqlPerUser: 600 },
    });
    const config = sut({ REDIS_URL: 'redis://cache:6379', OIDC_ISSUER: 'https://idp.example.com', OIDC_CLIENT_ID: 'hub', OIDC_CLIENT_SECRET: 's3cret', DEMO_PASSWORD: 'longer-password' });
    expect(config).toMatchObject({ redisUrl: 'redis://cache:6379', demoPassword: 'longer-password', oidc: { issuer: 'https://idp.example.com', clientId: 'hub', clientSecret: 's3cret' } });
    expect(() => sut({ OIDC_ISSUER: 'https://idp.example.com' })).toThrow(/OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
    expect(() => sut({ REDIS_URL: 'http://cache' })).toThrow(/REDIS_URL/);
  });

  it('fails fast listing every bad variable', () => {
    const bad = { PORT: 'eighty', NODE_ENV: 'staging', DATABASE_URL_US: 'mysql://x/y', DEMO_SEED: 'maybe', REMOTE_TIMEOUT_MS: '-1', DEMO_PASSWORD: 'short' };
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
