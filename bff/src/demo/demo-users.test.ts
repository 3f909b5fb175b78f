import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStores, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { DEMO_USERS, seedDemoUsers } from './demo-users';

describe(seedDemoUsers.name, () => {
  let stores: TestStores;
  let sut: RunningApp;

  beforeAll(async () => {
    stores = await createTestStores('sqlite');
    sut = await startApp(testConfig(stores, { DEMO_SEED: 'true', DEMO_PASSWORD: 'another-demo-pass' }));
  });

  afterAll(async () => {
    await sut?.app.close();
    await stores?.cleanup();
  });

  it('creates one user per role with the configured DEMO_PASSWORD', async () => {
    for (const demo of DEMO_USERS) {
      const result = await signIn(sut.url, demo.email, 'another-demo-pass');
      expect(result.body.user, demo.email).toMatchObject({ email: demo.email, role: demo.role, partnerName: 'Demo Partner' });
    }
    expect((await signIn(sut.url, 'full@demo.example', 'demo-partner-hub')).status).toBe(401);
  });

  it('assigns admin@ and sales@ to a few customers', async () => {
    const rows = await rawQuery<{ email: string; n: number }>(
      stores.databases.directory,
      'select u.email as email, count(*) as n from customer_admin_assignment a join partner_user u on u.id = a.user_id group by u.email order by u.email',
    );
    expect(rows.map((row) => [row.email, Number(row.n)])).toEqual([
      ['admin@demo.example', 8],
      ['sales@demo.example', 4],
    ]);
  });

  it('creates no users without the demo seed', async () => {
    const empty = await createTestStores('sqlite');
    const app = await startApp(testConfig(empty));
    try {
      expect(await rawQuery(empty.databases.directory, 'select * from partner_user')).toEqual([]);
    } finally {
      await app.app.close();
      await empty.cleanup();
    }
  });
});
