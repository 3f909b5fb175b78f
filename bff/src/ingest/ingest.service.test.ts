import 'reflect-metadata';
import { ErrorCode, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditOutboxEntry } from '../audit/audit-outbox.entity';
import { ApiKeysService } from '../auth/api-keys.service';
import { PartnerApiKey } from '../auth/api-key.entity';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { IngestService, type IngestResult } from './ingest.service';

const dialects = inject('dialects');
const PARTNER = '0b7d6a3e-3c51-4f0e-9d1a-5e2f7c8b9a01';
const OTHER_PARTNER = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a00';
const AUDIT =
  'query($filter: AuditFilterInput) { auditEvents(filter: $filter, first: 500) { events { action outcome reason region actorType actorId actorEmail actorName targetType after requestId } } }';
let KEY: string;
let OTHER_KEY: string;
let requests = 0;

/** POSTs a batch with a fresh request id (returned, to find the batch's audit events). */
async function post(url: string, path: string, body: string, contentType: string, key: string | null = KEY, region = 'EU') {
  const requestId = `ingest-${++requests}-${Math.random().toString(36).slice(2, 8)}`;
  const response = await fetch(`${url}/api/ingest/${path}?region=${region}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-request-id': requestId, ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
  return { status: response.status, requestId, body: (await response.json()) as IngestResult & { code?: string } };
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

    /**
     * The audit log's events of one request (read from the directory store): SUCCESS before DENIED —
     * events of one transaction carry the same time, and the relay copies them in no fixed order.
     */
    const eventsOf = (requestId: string) => sut.app.get(RegionStores).directory().fork().find(AuditEvent, { requestId }, { orderBy: { outcome: 'desc', id: 'asc' } });
    const outboxEmpty = async () => {
      for (const region of ['US', 'CA', 'EU', 'AE'] as const) expect(await sut.app.get(RegionStores).forRegion(region).fork().count(AuditOutboxEntry, {}), region).toBe(0);
    };
    const keyId = async (partnerId: string) => (await sut.app.get(RegionStores).directory().fork().findOneOrFail(PartnerApiKey, { partner: partnerId, name: 'ingest test' })).id;

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

    it('refuses a request without a valid key with 401 UNAUTHENTICATED, audited once per client address and window', async () => {
      const refused = [];
      for (const key of [null, 'wrong-key-0000000000000000', 'phk_unknown-but-well-formed']) {
        const response = await post(sut.url, 'call-legs', JSON.stringify(leg(`nokey-${dialect}`, eu)), 'application/x-ndjson', key);
        expect(response.status).toBe(401);
        expect(response.body.code).toBe(ErrorCode.Unauthenticated);
        refused.push(response.requestId);
      }
      // The flood guard: the first refusal is written, the two after it (same address, same minute) only counted.
      const [first, ...rest] = await Promise.all(refused.map(eventsOf));
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ action: 'ingest.callLegs', outcome: 'DENIED', reason: ErrorCode.Unauthenticated, actorType: null, actorId: null, partnerId: null, after: { windowSeconds: 60, suppressedSinceLastEvent: 0 } });
      expect(rest.flat()).toEqual([]);
      expect(await rawQuery(stores.databases.EU, 'select id from call_leg where id = ?', [`nokey-${dialect}`])).toEqual([]);
    });

    it('refuses a revoked key (audited for its partner) and stores nothing', async () => {
      const full = (await signIn(sut.url, 'full@demo.example')).auth;
      const created = await gql<{ createApiKey: { rawKey: string; apiKey: { id: string } } }>(sut.url, 'mutation { createApiKey(name: "old feed") { rawKey apiKey { id } } }', undefined, full);
      const { rawKey, apiKey } = created.data!.createApiKey;
      expect((await post(sut.url, 'call-legs', JSON.stringify(leg(`live-${dialect}`, eu)), 'application/x-ndjson', rawKey)).status).toBe(200);
      expect((await gql(sut.url, 'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: apiKey.id }, full)).errors).toBeUndefined();

      const response = await post(sut.url, 'call-legs', JSON.stringify(leg(`revoked-${dialect}`, eu)), 'application/x-ndjson', rawKey);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe(ErrorCode.Unauthenticated);
      const events = await eventsOf(response.requestId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ outcome: 'DENIED', reason: 'API_KEY_REVOKED', partnerId: PARTNER, actorType: 'API_KEY', actorId: apiKey.id, actorName: 'old feed', actorEmail: null });
      expect(JSON.stringify(events[0])).not.toContain(rawKey.slice(12));
      expect(await rawQuery(stores.databases.EU, 'select id from call_leg where id = ?', [`revoked-${dialect}`])).toEqual([]);
    });

    it('writes one SUCCESS event with the counts (not the rows, not the key) in the batch transaction, shown on the audit page', async () => {
      const response = await post(sut.url, 'call-legs', [leg(`ok-1-${dialect}`, eu), leg(`ok-2-${dialect}`, eu)].map((l) => JSON.stringify(l)).join('\n'), 'application/x-ndjson');
      expect(response.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
      const events = await eventsOf(response.requestId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'ingest.callLegs',
        outcome: 'SUCCESS',
        partnerId: PARTNER,
        region: 'EU',
        actorType: 'API_KEY',
        actorId: await keyId(PARTNER),
        actorName: 'ingest test',
        actorEmail: null,
        targetType: 'callLegs',
        reason: null,
        after: { rows: 2, accepted: 2, duplicates: 0, rejected: 0, rejectedBy: { invalid: 0, unknownCustomer: 0, otherRegion: 0, unknownSubscription: 0 } },
      });
      // Relayed from the EU outbox before the answer; it holds neither the key nor the rows.
      expect(events[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
      await outboxEmpty();
      expect(JSON.stringify(events[0])).not.toContain(KEY.slice(12));
      expect(JSON.stringify(events[0])).not.toContain(`ok-1-${dialect}`);

      const full = (await signIn(sut.url, 'full@demo.example')).auth;
      const page = await gql<{ auditEvents: { events: { requestId: string; actorType: string; actorName: string; after: string }[] } }>(sut.url, AUDIT, { filter: { action: 'ingest.callLegs' } }, full);
      const shown = page.data!.auditEvents.events.find((event) => event.requestId === response.requestId);
      expect(shown).toMatchObject({ outcome: 'SUCCESS', region: 'EU', actorType: 'API_KEY', actorName: 'ingest test', actorEmail: null, targetType: 'callLegs' });
      expect(JSON.parse(shown!.after)).toMatchObject({ rows: 2, accepted: 2 });
      const byKey = await gql<{ auditEvents: { events: unknown[] } }>(sut.url, AUDIT, { filter: { actorId: await keyId(PARTNER) } }, full);
      expect(byKey.data!.auditEvents.events.length).toBeGreaterThanOrEqual(1);

      // A batch with nothing to store is recorded all the same.
      const nothing = await post(sut.url, 'call-legs', '{ not json', 'application/x-ndjson');
      expect(nothing.body).toEqual({ accepted: 0, duplicates: 0, rejected: [{ line: 1, reason: 'not valid JSON' }] });
      expect((await eventsOf(nothing.requestId)).map((e) => [e.outcome, e.after])).toEqual([
        ['SUCCESS', { rows: 1, accepted: 0, duplicates: 0, rejected: 1, rejectedBy: { invalid: 1, unknownCustomer: 0, otherRegion: 0, unknownSubscription: 0 } }],
      ]);
    });

    it('writes no SUCCESS event and stores nothing when the batch transaction rolls back (a FAILURE event instead)', async () => {
      const ingest = sut.app.get(IngestService);
      ingest.beforeCommit = () => {
        throw new Error('crash before commit');
      };
      // More rows than one INSERT takes: the first statements have run when the transaction fails.
      const rows = Array.from({ length: 1200 }, (_, i) => JSON.stringify(leg(`rb-${i}-${dialect}`, eu))).join('\n');
      let response;
      try {
        response = await post(sut.url, 'call-legs', rows, 'application/x-ndjson');
      } finally {
        ingest.beforeCommit = null;
      }
      expect(response.status).toBe(500);
      expect(response.body.code).toBe(ErrorCode.Internal);
      const stored = await rawQuery<{ n: string | number }>(stores.databases.EU, "select count(*) as n from call_leg where id like 'rb-%'");
      expect(Number(stored[0].n)).toBe(0);
      const events = await eventsOf(response.requestId);
      expect(events.map((e) => e.outcome)).toEqual(['FAILURE']);
      expect(events[0]).toMatchObject({ action: 'ingest.callLegs', reason: ErrorCode.Internal, region: 'EU', partnerId: PARTNER, actorType: 'API_KEY', after: { rows: 1200 } });
      await outboxEmpty();

      // The same batch again goes through whole.
      const again = await post(sut.url, 'call-legs', rows, 'application/x-ndjson');
      expect(again.body).toMatchObject({ accepted: 1200, duplicates: 0 });
      expect((await eventsOf(again.requestId)).map((e) => e.outcome)).toEqual(['SUCCESS']);
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
      // The batch's event counts the rows by cause; the row naming another partner's customer is also a denial.
      const events = await eventsOf(first.requestId);
      expect(events.map((e) => e.outcome)).toEqual(['SUCCESS', 'DENIED']);
      expect(events[0].after).toEqual({ rows: 6, accepted: 2, duplicates: 0, rejected: 4, rejectedBy: { invalid: 2, unknownCustomer: 1, otherRegion: 1, unknownSubscription: 0 } });
      expect(events[1]).toMatchObject({ reason: ErrorCode.NotFound, partnerId: PARTNER, region: 'EU', targetType: 'customer', customerId: null, after: { rows: 1 } });
      expect(JSON.stringify(events)).not.toContain(otherPartnerEu);

      const again = await post(sut.url, 'call-legs', lines, 'application/x-ndjson');
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
      expect((await eventsOf(again.requestId))[0].after).toMatchObject({ accepted: 0, duplicates: 2 });

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
      expect((await eventsOf(first.requestId)).map((e) => [e.action, e.outcome, e.after])).toEqual([
        ['ingest.licenseSnapshots', 'SUCCESS', { rows: 5, accepted: 2, duplicates: 0, rejected: 3, rejectedBy: { invalid: 2, unknownCustomer: 0, otherRegion: 0, unknownSubscription: 1 } }],
      ]);
      const again = await post(sut.url, 'license-snapshots', csv, 'text/csv');
      expect(again.body).toMatchObject({ accepted: 0, duplicates: 2 });
      const stored = await rawQuery<{ n: string | number }>(
        stores.databases.EU,
        "select count(*) as n from license_snapshot where subscription_id = ? and week_start >= '2030-01-01'",
        [subscription.id],
      );
      expect(Number(stored[0].n)).toBe(2);
    });

    it('lets the other partner feed only its own customers; its events stay on its own audit log', async () => {
      const response = await post(sut.url, 'call-legs', [leg(`op-1-${dialect}`, otherPartnerEu), leg(`op-2-${dialect}`, eu)].map((l) => JSON.stringify(l)).join('\n'), 'application/x-ndjson', OTHER_KEY);
      expect(response.body).toEqual({ accepted: 1, duplicates: 0, rejected: [{ line: 2, reason: 'customerId: unknown customer' }] });
      const events = await eventsOf(response.requestId);
      expect(events.map((e) => [e.outcome, e.partnerId, e.actorId])).toEqual([
        ['SUCCESS', OTHER_PARTNER, await keyId(OTHER_PARTNER)],
        ['DENIED', OTHER_PARTNER, await keyId(OTHER_PARTNER)],
      ]);
      const full = (await signIn(sut.url, 'full@demo.example')).auth;
      const page = await gql<{ auditEvents: { events: { requestId: string }[] } }>(sut.url, AUDIT, { filter: { action: 'ingest.callLegs' } }, full);
      expect(page.data!.auditEvents.events.map((e) => e.requestId)).not.toContain(response.requestId);
    });

    it('refuses a bad region and an unreadable body with a DENIED event each (flood-guarded per key and reason), storing nothing', async () => {
      const noRegion = await post(sut.url, 'call-legs', JSON.stringify(leg(`xx-${dialect}`, eu)), 'application/x-ndjson', KEY, 'XX');
      expect(noRegion.status).toBe(400);
      expect(noRegion.body.code).toBe(ErrorCode.InvalidRegion);
      const json = await post(sut.url, 'call-legs', JSON.stringify([leg(`j-${dialect}`, eu)]), 'application/json');
      expect(json.status).toBe(400);
      expect(json.body.code).toBe(ErrorCode.BadUserInput);
      const id = await keyId(PARTNER);
      expect(await eventsOf(noRegion.requestId)).toMatchObject([
        { action: 'ingest.callLegs', outcome: 'DENIED', reason: ErrorCode.InvalidRegion, partnerId: PARTNER, region: null, actorType: 'API_KEY', actorId: id, after: { region: 'XX', windowSeconds: 60 } },
      ]);
      expect(await eventsOf(json.requestId)).toMatchObject([
        { outcome: 'DENIED', reason: ErrorCode.BadUserInput, partnerId: PARTNER, region: 'EU', actorId: id, after: { contentType: 'application/json', suppressedSinceLastEvent: 0 } },
      ]);
      // The same key refused for the same reason within the minute: counted, not written again.
      const csv = await post(sut.url, 'license-snapshots', 'a,b\n"unterminated', 'text/csv');
      expect(csv.status).toBe(400);
      expect(csv.body.code).toBe(ErrorCode.BadUserInput);
      expect(await eventsOf(csv.requestId)).toEqual([]);
      for (const id of [`xx-${dialect}`, `j-${dialect}`]) expect(await rawQuery(stores.databases.EU, 'select id from call_leg where id = ?', [id])).toEqual([]);

      const full = (await signIn(sut.url, 'full@demo.example')).auth;
      const page = await gql<{ auditEvents: { events: { requestId: string; outcome: string; reason: string }[] } }>(sut.url, AUDIT, { filter: { action: 'ingest.callLegs' } }, full);
      expect(page.data!.auditEvents.events.filter((e) => [noRegion.requestId, json.requestId].includes(e.requestId)).map((e) => e.reason).sort()).toEqual(
        [ErrorCode.BadUserInput, ErrorCode.InvalidRegion].sort(),
      );
    });
  });
});
