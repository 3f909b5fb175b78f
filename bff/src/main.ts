import 'reflect-metadata';
import { createApp } from './app';
import { PartnerUser } from './auth/user.entity';
import { RegionStores } from './database/stores';
import { DEMO_USERS } from './demo/demo-users';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen({ port: config.port, host: config.host });
  const url = new URL(await app.getUrl());
  if (['127.0.0.1', '0.0.0.0', '[::1]', '[::]'].includes(url.hostname)) url.hostname = 'localhost';
  console.log(`Partner Hub is ready at ${url.origin}`);
  // Every start with the demo data on says how to sign in, not only the one that seeded it.
  const demoUsers = config.demoSeed ? await app.get(RegionStores).directory().count(PartnerUser, { email: DEMO_USERS[0].email }) : 0;
  if (demoUsers > 0) {
    console.log(`Demo sign-in: ${DEMO_USERS.map((user) => user.email).join(', ')} with password "${config.demoPassword}"`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
