import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CallingRollupService } from '../calling/calling-rollup.service';
import { RegionStores } from '../database/stores';
import { seedDemo } from '../demo/demo-seed';
import { Partner } from '../partners/partner.entity';
import { createTestStores, gql, rawQuery, signIn, startApp, testConfig, type RunningApp, type TestStores } from '../test/harness';
import { AuditEvent } from './audit-event.entity';
import { AuditOutboxEntry, type OutboxEventData } from './audit-outbox.entity';
import { AuditRelay } from './audit-relay.service';
import { AuditService } from './audit.service';

const dialects = inject('dialects');
const EXTEND = 'mutation($input: TrialRefInput!) { extendTrial(input: $input) { endDate status } }';
const AUDIT = 'query($filter: AuditFilterInput) { auditEvents(filter: $filter, first: 500) { events { id action outcome region targetId customerId actorEmail } } }';

/** Every `.ts` file under `dir` except tests. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe(AuditRelay.name, () => {
  it('no code path updates or deletes audit events', () => {
    const forbidden = [
      /native(Update|Delete)\(\s*AuditEvent/,
      /createQueryBuilder\(\s*AuditEvent\s*\)[\s\S]{0,200}?\.(update|delete|truncate)\(/,
      /upsert(Many)?\(\s*AuditEvent/,
      /update\s+[`"]?audit_event\b/i,
      /delete\s+from\s+[`"]?audit_event\b/i,
      /truncate\s+(table\s+)?[`"]?audit_event\b/i,
    ];
    const hits = sources(join(__dirname, '..')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return forbidden.filter((pattern) => pattern.test(text)).map((pattern) => `${file}: ${pattern}`);
    });
    expect(hits).toEqual([]);
  });

  describe.each(dialects)('on %s', (dialect) => {
    let stores: TestStores;
    /** Two replicas on the same databases. */
    let a: RunningApp;
    let b: RunningApp;
    let registry: RegionStores;
    let full: Record<string, string>;
    let partnerId: string;

    const outboxCount = async (region: Region) => registry.forRegion(region).count(AuditOutboxEntry, {});
    const logged = (where: Partial<AuditEvent>) => registry.directory().find(AuditEvent, where, { orderBy: { id: 'asc' } });
    /** An outbox row written the way a committed change leaves it when the BFF dies before relaying it. */
    const strandedRow = async (region: Region, action: string, id?: string): Promise<string> => {
      const em = registry.forRegion(region);
      const event: OutboxEventData = {
        at: new Date().toISOString(), actorId: null, actorEmail: 'full@demo.example', partnerId, region, action, targetType: 'trial', targetId: action,
        customerId: null, before: { endDate: '2026-01-01' }, after: { endDate: '2026-02-01' }, outcome: 'SUCCESS', reason: null, requestId: `req-${action}`,
      };
      const row = em.create(AuditOutboxEntry, { ...(id ? { id } : {}), event });
      await em.flush();
      return row.id;
    };

    beforeAll(async () => {
      stores = await createTestStores(dialect);
      a = await startApp(testConfig(stores));
      registry = a.app.get(RegionStores);
      await seedDemo(registry, { customers: 40, weeks: 2, seed: 5, callLegs: 200 });
      b = await startApp(testConfig(stores));
      full = (await signIn(a.url, 'full@demo.example')).auth;
      partnerId = (await registry.directory().findOneOrFail(Partner, { name: 'Demo Partner' })).id;
    });

    afterAll(async () => {
      await a?.app.close();
      await b?.app.close();
      await stores?.cleanup();
    });

    it('commits a trial change with its event in the region outbox and relays it to the audit log before answering', async () => {
      const today = new Date().toISOString().slice(0, 10);
      // A running trial that an extension (to 30 days from today) makes longer.
      const inThirty = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      let found: { region: Region; id: string; customer_id: string } | null = null;
      for (const region of REGIONS) {
        const [row] = await rawQuery<{ id: string; customer_id: string }>(stores.databases[region], "select id, customer_id from trial where status = 'RUNNING' and end_date >= ? and end_date < ? order by id limit 1", [today, inThirty]);
        if (row) {
          found = { region, ...row };
          break;
        }
      }
      expect(found).not.toBeNull();
      const { region, id, customer_id: customerId } = found!;
      const response = await gql(a.url, EXTEND, { input: { region, trialId: id } }, { ...full, 'x-request-id': `extend-${dialect}` });
      expect(response.errors).toBeUndefined();
      const events = await logged({ action: 'trials.extend', targetId: id });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ outcome: 'SUCCESS', region, customerId, partnerId, actorEmail: 'full@demo.example', requestId: `extend-${dialect}`, after: { endDate: expect.any(String) } });
      expect(events[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await outboxCount(region)).toBe(0);
      // The audit page shows it like any other event.
      const page = await gql<{ auditEvents: { events: { action: string; targetId: string; region: string }[] } }>(a.url, AUDIT, { filter: { action: 'trials.extend' } }, full);
      expect(page.data?.auditEvents.events).toContainEqual(expect.objectContaining({ action: 'trials.extend', targetId: id, region }));
      const csv = await (await fetch(`${a.url}/api/audit.csv?action=trials.extend`, { headers: full })).text();
      expect(csv).toContain(id);
    });

    it('leaves no event when the change rolls back', async () => {
      const audit = a.app.get(AuditService);
      await expect(
        registry.forRegion('EU').transactional(async (tx) => {
          audit.append(tx, { actor: null, partnerId, action: 'test.rolledBack', outcome: 'SUCCESS', region: 'EU' });
          await tx.flush();
          throw new Error('change failed');
        }),
      ).rejects.toThrow('change failed');
      expect(await outboxCount('EU')).toBe(0);
      expect(await logged({ action: 'test.rolledBack' })).toEqual([]);

      // A rollup week that fails before its commit: its rows and its event go together.
      const rollup = a.app.get(CallingRollupService);
      const weeksBefore = await rawQuery<{ week_start: string }>(stores.databases.US, 'select week_start from calling_week order by week_start');
      rollup.beforeCommit = () => {
        throw new Error('crash before commit');
      };
      try {
        const failed = await gql(a.url, 'mutation { runCallingRollup { weeks { region } } }', undefined, full);
        expect(failed.errors?.[0].extensions?.code).toBe(ErrorCode.Internal);
      } finally {
        rollup.beforeCommit = null;
      }
      expect((await logged({ action: 'calling.rollup.run' })).filter((e) => e.outcome === 'SUCCESS')).toEqual([]);
      for (const region of REGIONS) expect(await outboxCount(region)).toBe(0);
      expect(await rawQuery<{ week_start: string }>(stores.databases.US, 'select week_start from calling_week order by week_start')).toEqual(weeksBefore);

      // The same run committing: one event per (region, week), each relayed.
      const ok = await gql<{ runCallingRollup: { weeks: { region: string; weekStart: string }[] } }>(a.url, 'mutation { runCallingRollup { weeks { region weekStart } } }', undefined, full);
      expect(ok.errors).toBeUndefined();
      const events = (await logged({ action: 'calling.rollup.run' })).filter((e) => e.outcome === 'SUCCESS');
      expect(events.map((e) => `${e.region}:${e.targetId}`).sort()).toEqual(ok.data!.runCallingRollup.weeks.map((w) => `${w.region}:${w.weekStart}`).sort());
      expect(events.length).toBeGreaterThanOrEqual(REGIONS.length);
    });

    it('recovers an event whose relay never ran (a crash between commit and relay) with the sweep', async () => {
      const id = await strandedRow('CA', 'test.stranded');
      expect(await logged({ action: 'test.stranded' })).toEqual([]);
      expect(await outboxCount('CA')).toBe(1);
      expect(await b.app.get(AuditRelay).sweep()).toBe(1);
      const events = await logged({ action: 'test.stranded' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ eventId: id, region: 'CA', partnerId, requestId: 'req-test.stranded', before: { endDate: '2026-01-01' }, after: { endDate: '2026-02-01' } });
      expect(await outboxCount('CA')).toBe(0);
      const page = await gql<{ auditEvents: { events: { action: string }[] } }>(a.url, AUDIT, { filter: { action: 'test.stranded' } }, full);
      expect(page.data?.auditEvents.events).toHaveLength(1);
    });

    it('stores each event once when two replicas relay at once, or a relay stopped after copying', async () => {
      const ids = [await strandedRow('AE', 'test.race'), await strandedRow('AE', 'test.race'), await strandedRow('US', 'test.race')];
      await Promise.all([a.app.get(AuditRelay).sweep(), b.app.get(AuditRelay).sweep(), a.app.get(AuditRelay).relay('AE', ids.slice(0, 2)), b.app.get(AuditRelay).relay('US')]);
      const events = await logged({ action: 'test.race' });
      expect(events.map((e) => e.eventId).sort()).toEqual([...ids].sort());
      for (const region of REGIONS) expect(await outboxCount(region)).toBe(0);

      // Copied but not yet deleted from the outbox: the next sweep must not copy it again.
      const half = await strandedRow('EU', 'test.half');
      await a.app.get(AuditRelay).relay('EU', [half]);
      await strandedRow('EU', 'test.half', half);
      expect(await outboxCount('EU')).toBe(1);
      await b.app.get(AuditRelay).sweep();
      expect(await logged({ action: 'test.half' })).toHaveLength(1);
      expect(await outboxCount('EU')).toBe(0);
    });
  });
});
