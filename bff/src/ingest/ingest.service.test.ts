import 'reflect-metadata';
import { ErrorCode, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiKeysService } from '../auth/api-keys.service';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, rawQuery, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { IngestService, type IngestResult } from './ingest.service';

const dialects = inject('dialects');
const PARTNER = '0b7d6a3e-3c51-4f0e-9d1a-5e2f7c8b9a01';
const OTHER_PARTNER = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a00';
let KEY: string;
let OTHER_KEY: string;

async function post(url: string, path: string, body: string, contentType: string, key: string | null = KEY, region = 'EU') {
  const response = await fetch(`${url}/api/ingest/${path}?region=${region}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as IngestResult & { code?: string } };
}

function leg(id: string, customerId: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    customerId,
    callId: `call-${id}`,
    startedAt: '2026-06-10T09:15:00Z',
    durationSeconds: 125,
    direction: 'INBOUND',
    endpointType: 'DESK_PHONE',
    audio: true,
    video: false,
    audioJitterMs: 12.5,
    audioLatencyMs: 80,
    audioLossPct: 0.2,
    callQueue: true,
    queueOutcome: 'ANSWERED',
    queueWaitSeconds: 14,
    ...extra,
  };
}

describe(IngestService.name, () => {
  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    let sut: RunningApp;
    let eu: string;
    let us: string;
    let otherPartnerEu: string;

    const customerIn = async (region: Region, partnerId: string) =>
      (await rawQuery<{ id: string }>(stores.databases.directory, 'select id from customer_directory_entry where region = ? and partner_id = ? order by id limit 1', [region, partnerId]))[0].id;

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      sut = await startApp(testConfig(stores));
      const regionStores = sut.app.get(RegionStores);
      await seedDemo(regionStores, { customers: 40, weeks: 2, seed: 11, callLegs: 100, partnerId: PARTNER });
      await seedDemo(regionStores, { customers: 40, weeks: 2, seed: 12, callLegs: 100, partnerId: OTHER_PARTNER, partnerName: 'Other', users: false });
      const apiKeys = sut.app.get(ApiKeysService);
      KEY = await apiKeys.create(PARTNER, 'ingest test');
      OTHER_KEY = await apiKeys.create(OTHER_PARTNER, 'ingest test');
      eu = await customerIn('EU', PARTNER);
      us = await customerIn('US', PARTNER);
      otherPartnerEu = await customerIn('EU', OTHER_PARTNER);
    });

    afterAll(async () => {
      await sut?.app.close();
      await stores?.cleanup();
    });

    it('refuses a request without a valid key with 401 UNAUTHENTICATED', async () => {
      for (const key of [null, 'wrong-key-0000000000000000']) {
        const response = await post(sut.url, 'call-legs', JSON.stringify(leg('x', eu)), 'application/x-ndjson', key);
        expect(response.status).toBe(401);
        expect(response.body.code).toBe(ErrorCode.Unauthenticated);
      }
    });

    it('stores good NDJSON call legs, reports bad rows by line, and skips duplicates on a re-send', async () => {
      const lines = [
        JSON.stringify(leg(`nd-1-${dialect}`, eu)),
        '{ not json',
        JSON.stringify(leg(`nd-2-${dialect}`, eu, { direction: 'SIDEWAYS' })),
        '',
        JSON.stringify(leg(`nd-3-${dialect}`, us)),
        JSON.stringify(leg(`nd-4-${dialect}`, otherPartnerEu)),
        JSON.stringify(leg(`nd-5-${dialect}`, eu, { video: true, videoJitterMs: 200, videoLatencyMs: 90, videoLossPct: 1, transfer: true, pickup: 'true' })),
      ].join('\n');
      const first = await post(sut.url, 'call-legs', lines, 'application/x-ndjson');
      expect(first.status).toBe(200);
      expect(first.body.accepted).toBe(2);
      expect(first.body.duplicates).toBe(0);
      expect(first.body.rejected.map((r) => r.line)).toEqual([2, 3, 5, 6]);
      expect(first.body.rejected[1].reason).toContain('direction');
      expect(first.body.rejected[2].reason).toContain('region US');
      expect(first.body.rejected[3].reason).toBe('customerId: unknown customer');

      const again = await post(sut.url, 'call-legs', lines, 'application/x-ndjson');
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });

      const stored = await rawQuery<{ id: string; video_jitter_ms: number; call_queue: unknown; transfer: unknown; park: unknown; pickup: unknown }>(
        stores.databases.EU,
        'select id, video_jitter_ms, call_queue, transfer, park, pickup from call_leg where id in (?, ?, ?) order by id',
        [`nd-1-${dialect}`, `nd-5-${dialect}`, `nd-3-${dialect}`],
      );
      expect(stored.map((r) => r.id)).toEqual([`nd-1-${dialect}`, `nd-5-${dialect}`]);
      expect(Number(stored[1].video_jitter_ms)).toBe(200);
      // Transfer, park and pickup are optional (false when a feed leaves them out).
      expect(stored.map((r) => [r.transfer, r.park, r.pickup].map((v) => Number(v)))).toEqual([
        [0, 0, 0],
        [1, 0, 1],
      ]);
      for (const region of ['US', 'CA', 'AE'] as const) {
        const elsewhere = await rawQuery<{ n: string | number }>(stores.databases[region], "select count(*) as n from call_leg where id like 'nd-%'");
        expect(Number(elsewhere[0].n), region).toBe(0);
      }
    });

    it('accepts CSV licence snapshots keyed by (subscription, product, week)', async () => {
      const [subscription] = await rawQuery<{ id: string; product: string }>(
        stores.databases.EU,
        'select s.id, l.product from subscription s join license_line l on l.subscription_id = s.id where s.customer_id = ? limit 1',
        [eu],
      );
      const [foreign] = await rawQuery<{ id: string }>(stores.databases.EU, 'select id from subscription where customer_id <> ? limit 1', [eu]);
      const csv = [
        'customerId,subscriptionId,product,weekStart,purchased,assigned,used',
        `${eu},${subscription.id},${subscription.product},2030-01-07,50,40,30`,
        `${eu},${subscription.id},${subscription.product},2030-01-14,50,42,31`,
        `${eu},${subscription.id},${subscription.product},2030-01-15,50,42,31`,
        `${eu},${foreign.id},${subscription.product},2030-01-14,50,42,31`,
        `${eu},${subscription.id},${subscription.product},2030-01-21,-5,42,31`,
      ].join('\n');
      const first = await post(sut.url, 'license-snapshots', csv, 'text/csv; charset=utf-8');
      expect(first.status).toBe(200);
      expect(first.body.accepted).toBe(2);
      expect(first.body.rejected.map((r) => r.line)).toEqual([4, 5, 6]);
      expect(first.body.rejected[0].reason).toContain('Monday');
      expect(first.body.rejected[1].reason).toContain('subscription');
      expect(first.body.rejected[2].reason).toContain('purchased');
      const again = await post(sut.url, 'license-snapshots', csv, 'text/csv');
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
      const stored = await rawQuery<{ n: string | number }>(
        stores.databases.EU,
        "select count(*) as n from license_snapshot where subscription_id = ? and week_start >= '2030-01-01'",
        [subscription.id],
      );
      expect(Number(stored[0].n)).toBe(2);
    });

    it('lets the other partner feed only its own customers', async () => {
      const response = await post(sut.url, 'call-legs', [leg(`op-1-${dialect}`, otherPartnerEu), leg(`op-2-${dialect}`, eu)].map((l) => JSON.stringify(l)).join('\n'), 'application/x-ndjson', OTHER_KEY);
      expect(response.body).toEqual({ accepted: 1, duplicates: 0, rejected: [{ line: 2, reason: 'customerId: unknown customer' }] });
    });

    it('refuses a missing region and an unsupported body', async () => {
      const noRegion = await post(sut.url, 'call-legs', '', 'application/x-ndjson', KEY, 'XX');
      expect(noRegion.status).toBe(400);
      expect(noRegion.body.code).toBe(ErrorCode.InvalidRegion);
      const json = await post(sut.url, 'call-legs', JSON.stringify([leg('j', eu)]), 'application/json');
      expect(json.status).toBe(400);
      expect(json.body.code).toBe(ErrorCode.BadUserInput);
    });
  });
});
