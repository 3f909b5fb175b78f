/**
 * Generates demo data into the configured stores (same config as `main.ts`, so DATA_DIR and
 * DATABASE_URL_* apply): `npm run seed -- --customers N --weeks W --seed S [--call-legs L] [--subscriptions-per-customer A] [--data-dir D] [--now YYYY-MM-DD]`.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, loadConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { DEFAULT_DEMO, demoPartnerId, seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';

/** A mistake in the command line or the target stores: printed without a stack trace. */
class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      weeks: { type: 'string' },
      seed: { type: 'string' },
      'call-legs': { type: 'string' },
      'subscriptions-per-customer': { type: 'string' },
      'data-dir': { type: 'string' },
      now: { type: 'string' },
    },
  });
  const env = { LOG_LEVEL: 'warn', ...process.env, ...(values['data-dir'] ? { DATA_DIR: values['data-dir'] } : {}) };
  const config = loadConfig(env);
  const customers = positiveInt('customers', values.customers, DEFAULT_DEMO.customers);
  const weeks = positiveInt('weeks', values.weeks, DEFAULT_DEMO.weeks);
  const seed = positiveInt('seed', values.seed, DEFAULT_DEMO.seed);
  const callLegs = values['call-legs'] === undefined ? undefined : positiveInt('call-legs', values['call-legs'], 0);
  const perCustomer = values['subscriptions-per-customer'];
  const subscriptionsPerCustomer = perCustomer === undefined ? undefined : Number(perCustomer);
  if (subscriptionsPerCustomer !== undefined && !(Number.isFinite(subscriptionsPerCustomer) && subscriptionsPerCustomer >= 1 && subscriptionsPerCustomer <= 20)) {
    throw new UsageError(`--subscriptions-per-customer must be a number from 1 to 20, got ${perCustomer}`);
  }
  const now = values.now ? new Date(`${values.now}T00:00:00Z`) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--now must be YYYY-MM-DD, got ${values.now}`);

  Logger.overrideLogger(['error', 'warn']);
  const stores = await RegionStores.open(config);
  if ((await stores.directory().count(Partner, { id: demoPartnerId(seed) })) > 0) {
    await stores.close();
    throw new UsageError(`The stores already hold the demo data of seed ${seed}: use another --seed or a fresh --data-dir`);
  }
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'seeding [{bar}] {percentage}% | {value}/{total} customers | {legs} call legs | {eta_formatted} left' }, Presets.shades_classic)
    : null;
  bar?.start(customers, 0, { legs: 0 });
  const started = Date.now();
  try {
    const result = await seedDemo(stores, {
      customers,
      weeks,
      seed,
      callLegs,
      subscriptionsPerCustomer,
      now,
      demoPassword: config.demoPassword,
      onProgress: (p) => bar?.update(p.customers, { legs: p.rows.call_leg ?? 0 }),
    });
    bar?.stop();
    const seconds = (Date.now() - started) / 1000;
    const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
    console.log(
      JSON.stringify(
        {
          partnerId: result.partnerId,
          customersPerRegion: result.customersPerRegion,
          rows: result.rows,
          seconds: Number(seconds.toFixed(1)),
          customersPerSecond: Math.round(customers / seconds),
          rowsPerSecond: Math.round(total / seconds),
          peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
        },
        null,
        2,
      ),
    );
  } finally {
    bar?.stop();
    await stores.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof UsageError ? error.message : error);
  process.exit(1);
});
