import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { REGIONS, type Region } from '@ph/contracts';
import type { StoreName } from '../config/config';
import { RegionStores, type StoreEntityManager } from '../database/stores';
import type { Sql } from './customer-status';
import { CustomerListChange } from './customer-list.entity';
import { all, applyThresholds, dialectOf, refreshCustomers, run, todayIso, type Ctx } from './customer-list.subscriber';
import type { ManagedBy } from './customer.entity';
import { DEFAULT_EXPIRING_SOON_DAYS, DEFAULT_NO_RECENT_ACTIVITY_DAYS } from './customer-settings.entity';
import {
  crossedThresholdSql,
  CUSTOMER_LIST_VERSION,
  inJsonIds,
  pendingRegionsSql,
  readinessSql,
  refreshRowsSql,
  replaceTagsSql,
  thresholdFlagsSql,
  thresholdsAt,
  updateDirectorySql,
  type DirectoryPart,
  type ThresholdDays,
} from './customer-list.sql';

/*
 * Keeps `customer_list_row` / `customer_list_tag` (region stores) in step with their inputs:
 * - region writes through the ORM: `CustomerListSubscriber` rewrites the touched customers' rows
 *   in the same transaction; writers that bypass the ORM call `refreshCustomers` in theirs;
 * - directory writes (tags, managed by, external id): the writer adds `customer_list_change` rows in
 *   its transaction and calls {@link CustomerListMaintenance.sync}; every read of a region applies
 *   what is still pending first;
 * - the clock and the partner's thresholds: a row is exact until its `valid_until`; EXPIRING_SOON and
 *   NO_RECENT_ACTIVITY start when a date crosses a threshold; reads first refresh older rows, set the
 *   rows that crossed a threshold, and recompute a partner's rows when its thresholds changed;
 * - {@link rebuildCustomerList}: the whole region from scratch (after the seed, at start when the
 *   stored definition version differs, or by hand).
 */

const logger = new Logger('CustomerList');
/** Customers per directory statement. */
const CHUNK = 200;
/** A customer's directory entry younger than this whose region row is not written yet keeps its change queued. */
const CREATION_GRACE_MS = 10 * 60_000;

/** One lock per (stores, region) in this process; PostgreSQL also takes an advisory lock so replicas take turns. */
const locks = new WeakMap<RegionStores, Map<Region, Promise<unknown>>>();
function exclusive<T>(stores: RegionStores, region: Region, work: () => Promise<T>): Promise<T> {
  const byRegion = locks.get(stores) ?? new Map<Region, Promise<unknown>>();
  locks.set(stores, byRegion);
  const previous = byRegion.get(region) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  byRegion.set(region, next);
  return next;
}
const ADVISORY_KEY = 0x5c1157;
async function lockRegion(em: StoreEntityManager, region: Region, ctx: Ctx): Promise<void> {
  if (dialectOf(em) === 'postgresql') await run(em, { text: 'select pg_advisory_xact_lock(?)', params: [ADVISORY_KEY + REGIONS.indexOf(region)] }, ctx);
}

/** Directory values of `ids`: managed by, external id and tags (missing ids are left out). */
async function directoryParts(stores: RegionStores, ids: string[]): Promise<DirectoryPart[]> {
  const parts: DirectoryPart[] = [];
  const directory = stores.directory();
  const dialect = stores.dialect('directory');
  for (let at = 0; at < ids.length; at += 1000) {
    const chunk = JSON.stringify(ids.slice(at, at + 1000));
    const [entries, tags] = await Promise.all([
      all<{ id: string; managed_by: ManagedBy; external_id: string | null }>(directory, {
        text: `select e.id, e.managed_by, e.external_id from customer_directory_entry e where ${inJsonIds(dialect, 'e.id')}`,
        params: [chunk],
      }),
      all<{ customer_id: string; id: string; name_key: string }>(directory, {
        text: `select a.customer_id, t.id, t.name_key from customer_tag_assignment a join customer_tag t on t.id = a.tag_id where ${inJsonIds(dialect, 'a.customer_id')}`,
        params: [chunk],
      }),
    ]);
    const tagsOf = new Map<string, DirectoryPart['tags']>();
    for (const t of tags) tagsOf.set(t.customer_id, [...(tagsOf.get(t.customer_id) ?? []), { id: t.id, nameKey: t.name_key }]);
    for (const e of entries) parts.push({ id: e.id, managedBy: e.managed_by, externalId: e.external_id, tags: tagsOf.get(e.id) ?? [] });
  }
  return parts;
}

/** Writes the directory parts into the region store (rows that do not exist are left alone). */
async function applyDirectoryParts(em: StoreEntityManager, parts: DirectoryPart[], ctx: Ctx, replaceTags = true): Promise<void> {
  const dialect = dialectOf(em);
  for (let at = 0; at < parts.length; at += CHUNK) {
    const chunk = parts.slice(at, at + CHUNK);
    await run(em, updateDirectorySql(dialect, chunk), ctx);
    const statements = replaceTagsSql(dialect, chunk);
    for (const sql of replaceTags ? statements : statements.slice(1)) await run(em, sql, ctx);
  }
}

/** Recomputes every row of `region` from its base tables and the directory; records the definition version. */
export async function rebuildCustomerList(stores: RegionStores, region: Region, now = Date.now()): Promise<{ rows: number }> {
  return exclusive(stores, region, async () => {
    const directory = stores.directory();
    const em = stores.forRegion(region);
    const dialect = stores.dialect(region);
    const [{ last }] = await all<{ last: number | string | null }>(directory, { text: 'select max(id) as last from customer_list_change where region = ?', params: [region] });
    const rows = await em.transactional(async (tx) => {
      const ctx = tx.getTransactionContext();
      await lockRegion(tx, region, ctx);
      await run(tx, { text: 'delete from customer_list_tag', params: [] }, ctx);
      await run(tx, { text: 'delete from customer_list_row', params: [] }, ctx);
      await run(tx, refreshRowsSql(dialect, todayIso(now), null), ctx);
      await applyThresholds(tx, now, { text: '1 = 1', params: [] }, ctx);
      const first = '00000000-0000-0000-0000-000000000000';
      let after = first;
      for (;;) {
        const entries = await all<{ id: string }>(directory, {
          text: `select id from customer_directory_entry where region = ? and id > ${stores.dialect('directory') === 'postgresql' ? 'cast(? as uuid)' : '?'} order by id limit 2000`,
          params: [region, after],
        });
        if (entries.length === 0) break;
        await applyDirectoryParts(tx, await directoryParts(stores, entries.map((e) => e.id)), ctx, false);
        after = entries.at(-1)!.id;
      }
      // The SQLite search index follows the rows by rowid (triggers); rebuilding it here from the rows
      // also repairs it if the rowids ever changed under it (a VACUUM may renumber them).
      if (dialect === 'sqlite') await run(tx, { text: "insert into customer_list_search (customer_list_search) values ('rebuild')", params: [] }, ctx);
      await run(tx, { text: 'delete from customer_list_state', params: [] }, ctx);
      await run(tx, { text: 'insert into customer_list_state (id, version, built_at) values (1, ?, ?)', params: [CUSTOMER_LIST_VERSION, dialect === 'sqlite' ? Date.now() : new Date()] }, ctx);
      const [{ n }] = await all<{ n: number | string }>(tx, { text: 'select count(*) as n from customer_list_row', params: [] }, ctx);
      return Number(n);
    });
    if (last != null) await run(directory, { text: 'delete from customer_list_change where region = ? and id <= ?', params: [region, Number(last)] });
    return { rows };
  });
}

/** Applies the directory changes queued for `region`; returns how many were applied. */
async function syncCustomerList(stores: RegionStores, region: Region): Promise<number> {
  return exclusive(stores, region, () => applyQueuedChanges(stores, region));
}

/** {@link syncCustomerList} for a caller that holds the region's lock. */
async function applyQueuedChanges(stores: RegionStores, region: Region): Promise<number> {
  const directory = stores.directory();
  let applied = 0;
  for (;;) {
    const batch = await stores.forRegion(region).transactional(async (tx) => {
      const ctx = tx.getTransactionContext();
      await lockRegion(tx, region, ctx);
      const changes = await all<{ id: number; customer_id: string | null; tag_id: string | null }>(directory, {
        text: 'select id, customer_id, tag_id from customer_list_change where region = ? order by id limit 500',
        params: [region],
      });
      if (changes.length === 0) return { done: [] as number[], full: false };
      const dialect = stores.dialect(region);
      const ids = new Set(changes.flatMap((c) => (c.customer_id ? [c.customer_id] : [])));
      const tagIds = changes.flatMap((c) => (c.tag_id ? [c.tag_id] : []));
      if (tagIds.length) {
        const carrying = await all<{ customer_id: string }>(tx, { text: `select customer_id from customer_list_tag where ${inJsonIds(dialect, 'tag_id')}`, params: [JSON.stringify(tagIds)] }, ctx);
        for (const row of carrying) ids.add(row.customer_id);
      }
      const list = [...ids];
      const parts = await directoryParts(stores, list);
      // Customers without a directory entry any more: no tags, nothing to copy.
      const found = new Set(parts.map((p) => p.id));
      const gone = list.filter((id) => !found.has(id)).map((id): DirectoryPart => ({ id, managedBy: null, externalId: null, tags: [] }));
      await applyDirectoryParts(tx, [...parts, ...gone], ctx);
      // A customer being created has its directory entry before its region row: keep its change for a while.
      const rowsPresent = new Set<string>();
      for (let at = 0; at < list.length; at += 1000) {
        const present = await all<{ customer_id: string }>(tx, { text: `select customer_id from customer_list_row where ${inJsonIds(dialect, 'customer_id')}`, params: [JSON.stringify(list.slice(at, at + 1000))] }, ctx);
        for (const row of present) rowsPresent.add(row.customer_id);
      }
      const young = await youngEntries(stores, list.filter((id) => found.has(id) && !rowsPresent.has(id)));
      const done = changes.filter((c) => !(c.customer_id && young.has(c.customer_id))).map((c) => c.id);
      return { done, full: changes.length === 500 };
    });
    if (batch.done.length) {
      await run(directory, { text: `delete from customer_list_change where id in (${batch.done.map(() => '?').join(', ')})`, params: batch.done });
      applied += batch.done.length;
    }
    if (!batch.full || batch.done.length === 0) return applied;
  }
}

async function youngEntries(stores: RegionStores, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const dialect = stores.dialect('directory');
  const since = Date.now() - CREATION_GRACE_MS;
  const rows = await all<{ id: string }>(stores.directory(), {
    text: `select id from customer_directory_entry where ${inJsonIds(dialect, 'id')} and created_at > ?`,
    params: [JSON.stringify(ids), dialect === 'sqlite' ? since : new Date(since)],
  });
  return new Set(rows.map((r) => r.id));
}

/**
 * Rewrites the rows whose `valid_until` has passed (a subscription or trial ended since they were
 * computed); the caller holds the region's lock.
 */
async function refreshStale(stores: RegionStores, region: Region, now: number): Promise<number> {
  const em = stores.forRegion(region);
  let refreshed = 0;
  for (;;) {
    const batch = await em.transactional(async (tx) => {
      const ctx = tx.getTransactionContext();
      await lockRegion(tx, region, ctx);
      // Read under the lock: another replica may have refreshed them meanwhile.
      const stale = await all<{ customer_id: string }>(tx, { text: 'select customer_id from customer_list_row where valid_until < ? limit 1000', params: [todayIso(now)] }, ctx);
      if (stale.length) await refreshCustomers(tx, stale.map((r) => r.customer_id), ctx, now);
      return stale.length;
    });
    if (batch === 0) return refreshed;
    refreshed += batch;
  }
}

/** Runs a read statement on a store (the ORM's connection unless the caller has a reader of its own). */
type Read = <T>(store: StoreName, sql: Sql) => Promise<T[]>;
const ormRead =
  (stores: RegionStores): Read =>
  <T>(store: StoreName, sql: Sql) =>
    all<T>(store === 'directory' ? stores.directory() : stores.forRegion(store), sql);

/** What a read of one region must do first (one query): rows past `valid_until`, the recorded thresholds, rows that crossed a threshold. */
async function readiness(stores: RegionStores, region: Region, partnerId: string, days: ThresholdDays, now: number, read: Read = ormRead(stores)) {
  const thresholds = thresholdsAt(stores.dialect(region), days, now);
  const [row] = await read<{ stale: number | null; expiring_soon_days: number | null; no_recent_activity_days: number | null; crossed: number | null }>(
    region,
    readinessSql(partnerId, todayIso(now), thresholds),
  );
  const recorded = row.expiring_soon_days === null ? null : { expiringSoonDays: Number(row.expiring_soon_days), noRecentActivityDays: Number(row.no_recent_activity_days) };
  return { stale: row.stale !== null, recorded, crossed: row.crossed !== null, thresholds };
}

/**
 * Brings the partner's threshold statuses in `region` up to `days` at `now`: all its rows when the
 * recorded thresholds differ, else only the rows that crossed a threshold since. The caller holds the
 * region's lock; the recorded thresholds are read inside the transaction after the PostgreSQL advisory
 * lock, and the record is an upsert, so two replicas doing the same never collide.
 */
async function bringThresholds(stores: RegionStores, region: Region, partnerId: string, days: ThresholdDays, now: number): Promise<void> {
  const thresholds = thresholdsAt(stores.dialect(region), days, now);
  await stores.forRegion(region).transactional(async (tx) => {
    const ctx = tx.getTransactionContext();
    await lockRegion(tx, region, ctx);
    const [row] = await all<{ expiring_soon_days: number | string; no_recent_activity_days: number | string }>(
      tx,
      { text: 'select expiring_soon_days, no_recent_activity_days from customer_list_partner where partner_id = ?', params: [partnerId] },
      ctx,
    );
    // Rows of a partner without a record were computed with the defaults.
    const current = row
      ? { expiringSoonDays: Number(row.expiring_soon_days), noRecentActivityDays: Number(row.no_recent_activity_days) }
      : { expiringSoonDays: DEFAULT_EXPIRING_SOON_DAYS, noRecentActivityDays: DEFAULT_NO_RECENT_ACTIVITY_DAYS };
    const same = current.expiringSoonDays === days.expiringSoonDays && current.noRecentActivityDays === days.noRecentActivityDays;
    if (!row || !same) {
      await run(
        tx,
        {
          text: `insert into customer_list_partner (partner_id, expiring_soon_days, no_recent_activity_days) values (?, ?, ?)
  on conflict (partner_id) do update set expiring_soon_days = excluded.expiring_soon_days, no_recent_activity_days = excluded.no_recent_activity_days`,
          params: [partnerId, days.expiringSoonDays, days.noRecentActivityDays],
        },
        ctx,
      );
    }
    const where = same ? crossedThresholdSql(thresholds) : { text: '1 = 1', params: [] };
    await run(tx, thresholdFlagsSql(partnerId, thresholds, where), ctx);
  });
}

/**
 * Makes the partner's rows of `regions` exact at `now` before a read: applies queued directory changes,
 * refreshes rows past `valid_until`, then applies the partner's thresholds (all rows when they changed,
 * else the rows that crossed one since). Nothing is written when nothing is due.
 */
export async function prepareForRead(
  stores: RegionStores,
  regions: readonly Region[],
  partnerId: string,
  days: ThresholdDays,
  now = Date.now(),
  read: Read = ormRead(stores),
): Promise<void> {
  const pending = await read<{ region: Region }>('directory', pendingRegionsSql());
  await Promise.all(
    regions.map(async (region) => {
      const queued = pending.some((p) => p.region === region);
      // The usual case: nothing due, nothing locked, nothing written.
      if (!queued && !due(await readiness(stores, region, partnerId, days, now, read), days)) return;
      // Work is due: one catch-up per region at a time in this process (concurrent reads of one
      // request or of several wait for it and find nothing left); each writing transaction also takes
      // the region's advisory lock on PostgreSQL for other replicas. Checked again under the lock.
      await catchUp(stores, region, partnerId, days, now);
    }),
  );
}

/** Whether a read of the region must write first (see {@link readiness}). */
function due(state: Awaited<ReturnType<typeof readiness>>, days: ThresholdDays): boolean {
  const same = state.recorded && state.recorded.expiringSoonDays === days.expiringSoonDays && state.recorded.noRecentActivityDays === days.noRecentActivityDays;
  return state.stale || state.crossed || !same;
}

/**
 * Catches the region up under its lock: queued directory changes, stale rows, the partner's thresholds.
 * A read that waited for another's catch-up finds nothing left to do (two cheap queries).
 */
function catchUp(stores: RegionStores, region: Region, partnerId: string, days: ThresholdDays, now: number): Promise<void> {
  return exclusive(stores, region, async () => {
    await applyQueuedChanges(stores, region);
    // Read through the ORM's connection: it sees what this process just committed.
    const state = await readiness(stores, region, partnerId, days, now);
    if (state.stale) await refreshStale(stores, region, now);
    if (due(state, days)) await bringThresholds(stores, region, partnerId, days, now);
  });
}

/** Adds `customer_list_change` rows in the directory transaction `tx`. */
export function queueListChanges(tx: StoreEntityManager, changes: { region: Region; customerId?: string; tagId?: string }[]): void {
  for (const change of changes) {
    tx.create(CustomerListChange, { region: change.region, customerId: change.customerId ?? null, tagId: change.tagId ?? null });
  }
}

/** The list's maintenance inside the app: rebuilt at start when the definition changed; brought up to date before reads. */
@Injectable()
export class CustomerListMaintenance implements OnApplicationBootstrap {
  constructor(private readonly stores: RegionStores) {}

  /** Rebuilds every region whose rows were built with another definition (or never), then applies what is pending. */
  async onApplicationBootstrap(): Promise<void> {
    for (const region of REGIONS) {
      const em = this.stores.forRegion(region);
      const [state] = await all<{ version: number | string }>(em, { text: 'select version from customer_list_state where id = 1', params: [] });
      if (Number(state?.version) !== CUSTOMER_LIST_VERSION) {
        const started = Date.now();
        const { rows } = await rebuildCustomerList(this.stores, region);
        logger.log(`rebuilt ${region}: ${rows} rows in ${Date.now() - started} ms`);
      }
    }
  }

  /** See {@link prepareForRead} (reads through `read`). */
  async prepare(regions: readonly Region[], partnerId: string, days: ThresholdDays, now: number, read?: Read): Promise<void> {
    await prepareForRead(this.stores, regions, partnerId, days, now, read);
  }

  /** Applies queued directory changes of `regions` now; a failure is logged and left queued for the next read. */
  async sync(regions: readonly Region[]): Promise<void> {
    for (const region of regions) {
      try {
        await syncCustomerList(this.stores, region);
      } catch (error) {
        logger.warn(`customer list of ${region} not synced yet: ${(error as Error).message}`);
      }
    }
  }
}
