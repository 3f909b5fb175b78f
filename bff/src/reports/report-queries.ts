import type { DatabaseTarget } from '../config/config';
import type { StoreEntityManager } from '../database/stores';
import type { ReportKind } from './columns';

interface SqliteStatement {
  iterate(...params: unknown[]): IterableIterator<Record<string, unknown>>;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  close(): void;
}
// better-sqlite3 ships no types; this is the slice of its API used here.
const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteConnection;

/** What one run reads: the partner, the customers (null = every customer of the partner) and the period. */
export interface ReportScope {
  partnerId: string;
  /** Customer ids the run may read; null means every customer of the partner. */
  customerIds: readonly string[] | null;
  /** Half-open period [from, to) for call reports; ignored by inventories. */
  from: Date;
  to: Date;
}

/** A row as the CSV writer takes it: column id → value. */
export type ReportRow = Record<string, string | number | boolean | null>;

interface Query {
  /** The select, with `?` placeholders; its first column `k` is a unique, ordered key (keyset on PostgreSQL). */
  sql: string;
  params: unknown[];
  map(row: Record<string, unknown>): ReportRow;
}

const POOR =
  '((l.audio_jitter_ms > 150 or l.audio_latency_ms > 400 or l.audio_loss_pct > 5) or (l.video_jitter_ms > 150 or l.video_latency_ms > 400 or l.video_loss_pct > 5))';

function customerWhere(scope: ReportScope, alias: string, params: unknown[]): string {
  params.push(scope.partnerId);
  let where = `${alias}.partner_id = ?`;
  if (scope.customerIds !== null) {
    if (scope.customerIds.length === 0) return `${where} and 1 = 0`;
    where += ` and ${alias}.id in (${scope.customerIds.map(() => '?').join(', ')})`;
    params.push(...scope.customerIds);
  }
  return where;
}

const bool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const iso = (value: unknown): string => (value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number))).toISOString();

/** The SQL of one report kind; dates are bound as the dialect stores them (SQLite: epoch ms). */
export function reportQuery(kind: ReportKind, scope: ReportScope, dialect: 'sqlite' | 'postgresql', externalIds: ReadonlyMap<string, string | null>): Query {
  const params: unknown[] = [];
  const date = (d: Date) => (dialect === 'sqlite' ? d.getTime() : d.toISOString());
  switch (kind) {
    case 'devices': {
      const where = customerWhere(scope, 'c', params);
      return {
        sql: `select d.id as k, d.external_id, c.name as customer, c.id as customer_org_id, lo.id as location_id, lo.name as location_name,
                d.model as product, d.mac, d.firmware, d.phone_number, d.extension,
                (select p.user_email from phone_number p where p.customer_id = d.customer_id and p.user_id = d.user_id and p.user_email is not null order by p.id limit 1) as user_id,
                d.user_id as user_uuid
              from device d join customer c on c.id = d.customer_id left join location lo on lo.id = d.location_id
              where ${where}`,
        params,
        map: ({ k: _k, ...row }) => row as ReportRow,
      };
    }
    case 'phone-numbers': {
      const where = customerWhere(scope, 'c', params);
      return {
        sql: `select p.id as k, c.name as customer, c.id as customer_org_id, lo.id as location_id, lo.name as location_name, p.country,
                p.e164 as phone_number, p.extension, p.pstn_provider as pstn_connection, p.active, p.user_type, p.role as number_type,
                p.user_email as user_id, p.user_id as user_uuid
              from phone_number p join customer c on c.id = p.customer_id left join location lo on lo.id = p.location_id
              where ${where}`,
        params,
        map: ({ k: _k, ...row }) => ({
          external_id: externalIds.get(row.customer_org_id as string) ?? null,
          ...(row as ReportRow),
          phone_number: (row.phone_number as string | null) ?? null,
          extension: row.phone_number ? null : ((row.extension as string | null) ?? null),
          active: bool(row.active),
        }),
      };
    }
    case 'call-detail': {
      const legWhere = 'l.customer_id = c.id and l.started_at >= ? and l.started_at < ? and l.app_to_app = ?';
      const legParams = [date(scope.from), date(scope.to), dialect === 'sqlite' ? 0 : false];
      params.push(...legParams);
      const where = customerWhere(scope, 'c', params);
      return {
        sql: `select c.id as k, c.name as customer_name, c.id as org_id, null as location,
                count(distinct l.call_id) as total_calls, count(l.id) as total_call_legs,
                sum(case when ${POOR} then 1 else 0 end) as poor_quality_call_legs,
                coalesce(sum(l.duration_seconds), 0) as seconds, coalesce(sum(case when l.video then l.duration_seconds else 0 end), 0) as video_seconds,
                sum(case when l.audio then 1 else 0 end) as call_legs_audio, sum(case when l.video then 1 else 0 end) as call_legs_video,
                sum(case when l.endpoint_type = 'DESK_PHONE' then 1 else 0 end) as legs_desk_phones,
                sum(case when l.endpoint_type = 'ROOM_DEVICE' then 1 else 0 end) as legs_room_devices,
                sum(case when l.endpoint_type = 'THIRD_PARTY' then 1 else 0 end) as legs_other_devices,
                count(distinct case when l.hunt_group then l.call_id end) as hunt_group_calls,
                count(distinct case when l.auto_attendant then l.call_id end) as auto_attendant_calls,
                count(distinct case when l.call_queue then l.call_id end) as queue_total_calls,
                count(distinct case when l.queue_outcome = 'TIMED_OUT' then l.call_id end) as queue_timed_out_calls,
                count(distinct case when l.queue_outcome = 'OVERFLOWED' then l.call_id end) as queue_overflowed_calls,
                count(distinct case when l.queue_outcome = 'TRANSFERRED' then l.call_id end) as queue_transferred_calls,
                count(distinct case when l.queue_outcome = 'ABANDONED' then l.call_id end) as queue_abandoned_calls
              from customer c left join call_leg l on ${legWhere}
              where ${where}
              group by c.id, c.name`,
        params,
        map: ({ k: _k, seconds, video_seconds, ...row }) => {
          const out: ReportRow = {};
          for (const [key, value] of Object.entries(row)) out[key] = key === 'customer_name' || key === 'org_id' || key === 'location' ? (value as string | null) : Number(value ?? 0);
          out.call_minutes = Math.round(Number(seconds) / 6) / 10;
          out.call_minutes_video = Math.round(Number(video_seconds) / 6) / 10;
          return out;
        },
      };
    }
    case 'call-history': {
      params.push(date(scope.from), date(scope.to));
      const where = customerWhere(scope, 'c', params);
      return {
        sql: `select l.id as k, c.name as customer, c.id as org_id, l.started_at, l.duration_seconds, l.direction, l.endpoint_type, l.audio, l.video,
                l.audio_jitter_ms, l.audio_latency_ms, l.audio_loss_pct, l.video_jitter_ms, l.video_latency_ms, l.video_loss_pct,
                l.hunt_group, l.auto_attendant, l.call_queue, l.queue_outcome
              from call_leg l join customer c on c.id = l.customer_id
              where l.started_at >= ? and l.started_at < ? and ${where}`,
        params,
        map: (r) => {
          const video = bool(r.video);
          const jitter = num(video ? r.video_jitter_ms : r.audio_jitter_ms);
          const latency = num(video ? r.video_latency_ms : r.audio_latency_ms);
          const loss = num(video ? r.video_loss_pct : r.audio_loss_pct);
          const poor = [num(r.audio_jitter_ms), num(r.video_jitter_ms)].some((v) => v !== null && v > 150) ||
            [num(r.audio_latency_ms), num(r.video_latency_ms)].some((v) => v !== null && v > 400) ||
            [num(r.audio_loss_pct), num(r.video_loss_pct)].some((v) => v !== null && v > 5);
          return {
            customer: r.customer as string,
            org_id: r.org_id as string,
            location: null,
            start_time_utc: iso(r.started_at),
            duration_seconds: Number(r.duration_seconds),
            direction: r.direction as string,
            endpoint_type: r.endpoint_type as string,
            media: video ? 'VIDEO' : 'AUDIO',
            jitter_ms: jitter,
            latency_ms: latency,
            packet_loss_pct: loss,
            poor_quality: poor,
            feature: bool(r.call_queue) ? 'CALL_QUEUE' : bool(r.hunt_group) ? 'HUNT_GROUP' : bool(r.auto_attendant) ? 'AUTO_ATTENDANT' : null,
            queue_outcome: (r.queue_outcome as string | null) ?? null,
          };
        },
      };
    }
  }
}

/** Rows per keyset batch on PostgreSQL. */
const BATCH = 2000;

/**
 * The rows of `query`, read lazily: on SQLite from a read-only connection of its own with better-sqlite3's
 * `iterate()` (a real cursor; the ORM's single connection stays free), on PostgreSQL in keyset batches on `k`.
 * Stopping the iteration (`return()`, e.g. a cancelled run) closes the cursor at once.
 */
export function streamRows(query: Query, target: DatabaseTarget, em: StoreEntityManager): Iterable<ReportRow> | AsyncIterable<ReportRow> {
  return target.driver === 'sqlite' ? sqliteRows(query, target.file) : keysetRows(query, em);
}

/** SQLite: a synchronous cursor (no promise per row); `return()` closes the connection. */
function* sqliteRows(query: Query, file: string): Generator<ReportRow> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // No ORDER BY: a sort would have to read every row before the first one is written.
    const statement = db.prepare(query.sql);
    const params = query.params.map((p) => (typeof p === 'boolean' ? Number(p) : p));
    for (const row of statement.iterate(...params)) yield query.map(row);
  } finally {
    db.close();
  }
}

/** PostgreSQL: keyset batches on `k`. */
async function* keysetRows(query: Query, em: StoreEntityManager): AsyncGenerator<ReportRow> {
  let after: string | null = null;
  const connection = em.getConnection();
  for (;;) {
    const sql: string = `select * from (${query.sql}) q ${after === null ? '' : 'where k > ?'} order by k limit ${BATCH}`;
    const rows: Record<string, unknown>[] = await connection.execute(sql, after === null ? query.params : [...query.params, after]);
    for (const row of rows) yield query.map(row);
    if (rows.length < BATCH) return;
    after = String(rows[rows.length - 1]!.k);
  }
}
