import { knex, type Knex } from '@mikro-orm/postgresql';
import type { DatabaseTarget } from '../config/config';
import type { ReportKind } from './columns';

// better-sqlite3 ships no types; this is the slice of its API used here.
interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  iterate(...params: unknown[]): IterableIterator<unknown[]>;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  close(): void;
}
const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteConnection;

export type Dialect = 'sqlite' | 'postgresql';

/** What one run reads: the partner, the customers (null = every customer of the partner) and the period. */
export interface ReportScope {
  partnerId: string;
  /** Customer ids the run may read; null means every customer of the partner. */
  customerIds: readonly string[] | null;
  /** Half-open period [from, to) for call reports; ignored by inventories. */
  from: Date;
  to: Date;
}

/** One report's select: its result columns are exactly the CSV cells, in the file's column order. */
export interface ReportQuery {
  sql: string;
  params: unknown[];
}

/** A boolean as the files write it (`true` / `false`) on both dialects. */
const flag = (expr: string) => `case when ${expr} then 'true' else 'false' end`;
/** An aggregate as a plain number on both dialects (PostgreSQL's bigint would arrive as a string). */
const int = (expr: string) => `cast(${expr} as integer)`;
/** ISO 8601 UTC with milliseconds, as `Date.toISOString()` writes it. */
const isoUtc = (dialect: Dialect, column: string) =>
  dialect === 'sqlite'
    ? `strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch')`
    : `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const AUDIO_POOR = '(l.audio_jitter_ms > 150 or l.audio_latency_ms > 400 or l.audio_loss_pct > 5)';
const VIDEO_POOR = '(l.video_jitter_ms > 150 or l.video_latency_ms > 400 or l.video_loss_pct > 5)';
const POOR = `(${AUDIO_POOR} or ${VIDEO_POOR})`;

type Expressions = Record<string, (dialect: Dialect) => string>;

/** Per report kind and column id: the SQL that computes the cell (aliases: c customer, lo location, d device, p phone number, l call leg, x external ids). */
const EXPRESSIONS: Record<ReportKind, Expressions> = {
  devices: {
    external_id: () => 'd.external_id',
    customer: () => 'c.name',
    customer_org_id: () => 'c.id',
    location_id: () => 'lo.id',
    location_name: () => 'lo.name',
    product: () => 'd.model',
    mac: () => 'd.mac',
    firmware: () => 'd.firmware',
    phone_number: () => 'd.phone_number',
    extension: () => 'd.extension',
    user_id: () =>
      '(select p.user_email from phone_number p where p.customer_id = d.customer_id and p.user_id = d.user_id and p.user_email is not null order by p.id limit 1)',
    user_uuid: () => 'd.user_id',
  },
  'phone-numbers': {
    external_id: () => 'x.value',
    customer: () => 'c.name',
    customer_org_id: () => 'c.id',
    location_id: () => 'lo.id',
    location_name: () => 'lo.name',
    country: () => 'p.country',
    phone_number: () => 'p.e164',
    extension: () => 'case when p.e164 is null then p.extension end',
    pstn_connection: () => 'p.pstn_provider',
    active: () => flag('p.active'),
    user_type: () => 'p.user_type',
    number_type: () => 'p.role',
    user_id: () => 'p.user_email',
    user_uuid: () => 'p.user_id',
  },
  'call-detail': {
    customer_name: () => 'c.name',
    org_id: () => 'c.id',
    location: () => 'null',
    total_calls: () => int('count(distinct l.call_id)'),
    total_call_legs: () => int('count(l.id)'),
    poor_quality_call_legs: () => int(`coalesce(sum(case when ${POOR} then 1 else 0 end), 0)`),
    call_minutes: () => 'cast(round(coalesce(sum(l.duration_seconds), 0) / 6.0) / 10.0 as double precision)',
    call_minutes_video: () => 'cast(round(coalesce(sum(case when l.video then l.duration_seconds else 0 end), 0) / 6.0) / 10.0 as double precision)',
    call_legs_audio: () => int('coalesce(sum(case when l.audio then 1 else 0 end), 0)'),
    call_legs_video: () => int('coalesce(sum(case when l.video then 1 else 0 end), 0)'),
    legs_desk_phones: () => int("coalesce(sum(case when l.endpoint_type = 'DESK_PHONE' then 1 else 0 end), 0)"),
    legs_room_devices: () => int("coalesce(sum(case when l.endpoint_type = 'ROOM_DEVICE' then 1 else 0 end), 0)"),
    legs_other_devices: () => int("coalesce(sum(case when l.endpoint_type = 'THIRD_PARTY' then 1 else 0 end), 0)"),
    hunt_group_calls: () => int('count(distinct case when l.hunt_group then l.call_id end)'),
    auto_attendant_calls: () => int('count(distinct case when l.auto_attendant then l.call_id end)'),
    queue_total_calls: () => int('count(distinct case when l.call_queue then l.call_id end)'),
    queue_timed_out_calls: () => int("count(distinct case when l.queue_outcome = 'TIMED_OUT' then l.call_id end)"),
    queue_overflowed_calls: () => int("count(distinct case when l.queue_outcome = 'OVERFLOWED' then l.call_id end)"),
    queue_transferred_calls: () => int("count(distinct case when l.queue_outcome = 'TRANSFERRED' then l.call_id end)"),
    queue_abandoned_calls: () => int("count(distinct case when l.queue_outcome = 'ABANDONED' then l.call_id end)"),
  },
  'call-history': {
    customer: () => 'c.name',
    org_id: () => 'c.id',
    location: () => 'null',
    start_time_utc: (dialect) => isoUtc(dialect, 'l.started_at'),
    duration_seconds: () => 'l.duration_seconds',
    direction: () => 'l.direction',
    endpoint_type: () => 'l.endpoint_type',
    media: () => "case when l.video then 'VIDEO' else 'AUDIO' end",
    jitter_ms: () => 'case when l.video then l.video_jitter_ms else l.audio_jitter_ms end',
    latency_ms: () => 'case when l.video then l.video_latency_ms else l.audio_latency_ms end',
    packet_loss_pct: () => 'case when l.video then l.video_loss_pct else l.audio_loss_pct end',
    poor_quality: () => flag(POOR),
    feature: () => "case when l.call_queue then 'CALL_QUEUE' when l.hunt_group then 'HUNT_GROUP' when l.auto_attendant then 'AUTO_ATTENDANT' end",
    queue_outcome: () => 'l.queue_outcome',
  },
};

/** The customer filter on alias `c`: the partner, and the allowed customers as one JSON parameter (no parameter-count limit). */
function customerWhere(scope: ReportScope, dialect: Dialect, params: unknown[]): string {
  params.push(scope.partnerId);
  const where = 'c.partner_id = ?';
  if (scope.customerIds === null) return where;
  if (scope.customerIds.length === 0) return `${where} and 1 = 0`;
  params.push(JSON.stringify(scope.customerIds));
  return dialect === 'sqlite'
    ? `${where} and c.id in (select value from json_each(?))`
    : `${where} and c.id in (select cast(value as uuid) from jsonb_array_elements_text(cast(? as jsonb)))`;
}

/**
 * The select of one report kind for the chosen columns (in that order). Every cell is computed in SQL
 * (booleans as `true`/`false`, times as ISO 8601 UTC), so rows go from the cursor to the CSV writer as
 * they come. Dates are bound as the dialect stores them (SQLite: epoch ms). `externalIds`: the
 * customers' wholesale ids (directory store) for the Phone numbers report.
 */
export function reportQuery(kind: ReportKind, columns: readonly string[], scope: ReportScope, dialect: Dialect, externalIds: ReadonlyMap<string, string | null> = new Map()): ReportQuery {
  const expressions = EXPRESSIONS[kind];
  const select = columns.map((id) => {
    const expression = expressions[id];
    if (!expression) throw new Error(`Unknown column ${id} of ${kind}`);
    return expression(dialect);
  });
  const params: unknown[] = [];
  const date = (d: Date) => (dialect === 'sqlite' ? d.getTime() : d.toISOString());
  switch (kind) {
    case 'devices':
      return {
        sql: `select ${select.join(', ')} from device d join customer c on c.id = d.customer_id left join location lo on lo.id = d.location_id where ${customerWhere(scope, dialect, params)}`,
        params,
      };
    case 'phone-numbers': {
      let join = '';
      if (columns.includes('external_id')) {
        params.push(JSON.stringify(Object.fromEntries([...externalIds].filter(([, value]) => value !== null))));
        join = dialect === 'sqlite' ? ' left join json_each(?) x on x.key = c.id' : ' left join jsonb_each_text(cast(? as jsonb)) x on x.key = cast(c.id as text)';
      }
      return {
        sql: `select ${select.join(', ')} from phone_number p join customer c on c.id = p.customer_id left join location lo on lo.id = p.location_id${join} where ${customerWhere(scope, dialect, params)}`,
        params,
      };
    }
    case 'call-detail': {
      params.push(date(scope.from), date(scope.to));
      const join = 'left join call_leg l on l.customer_id = c.id and l.started_at >= ? and l.started_at < ? and not l.app_to_app';
      return { sql: `select ${select.join(', ')} from customer c ${join} where ${customerWhere(scope, dialect, params)} group by c.id, c.name`, params };
    }
    case 'call-history': {
      params.push(date(scope.from), date(scope.to));
      // No ORDER BY: a sort would have to read every row before the first one is written.
      return {
        sql: `select ${select.join(', ')} from call_leg l join customer c on c.id = l.customer_id where l.started_at >= ? and l.started_at < ? and ${customerWhere(scope, dialect, params)}`,
        params,
      };
    }
  }
}

/** A cursor over a report's rows, read a batch at a time. */
export interface RowCursor {
  /** The next rows (arrays of cells in column order); an empty array once every row was read. */
  next(): unknown[][] | Promise<unknown[][]>;
  /** Closes the cursor and its connection at once; safe to call more than once. */
  close(): Promise<void>;
}

/** Rows per batch fetched from a PostgreSQL cursor (one round trip each). */
export const CURSOR_BATCH = 4096;
/**
 * Rows per batch read from a SQLite statement: a synchronous read, so small (about a millisecond);
 * the writer gathers batches into larger chunks and yields to the event loop between chunks.
 */
export const SQLITE_BATCH = 256;

/**
 * Opens `query` as a cursor on a connection of its own (the ORM's pool stays free): on SQLite a
 * read-only better-sqlite3 statement iterated in raw (array) mode, on PostgreSQL a server-side
 * `DECLARE … CURSOR` in a read-only transaction, fetched in batches.
 */
export async function openCursor(query: ReportQuery, target: DatabaseTarget, name = 'partner-hub-report'): Promise<RowCursor> {
  return target.driver === 'sqlite' ? sqliteCursor(query, target.file) : postgresCursor(query, target.url, name);
}

function sqliteCursor(query: ReportQuery, file: string): RowCursor {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let rows: IterableIterator<unknown[]>;
  try {
    rows = db.prepare(query.sql).raw(true).iterate(...query.params.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
  } catch (error) {
    db.close();
    throw error;
  }
  let open = true;
  return {
    next() {
      const batch: unknown[][] = [];
      if (!open) return batch;
      for (let i = 0; i < SQLITE_BATCH; i++) {
        const step = rows.next();
        if (step.done) break;
        batch.push(step.value);
      }
      return batch;
    },
    async close() {
      if (!open) return;
      open = false;
      rows.return?.();
      db.close();
    },
  };
}

async function postgresCursor(query: ReportQuery, url: string, name: string): Promise<RowCursor> {
  const db: Knex = knex({ client: 'pg', connection: { connectionString: url, application_name: name }, pool: { min: 0, max: 1 } });
  let trx: Knex.Transaction | null = null;
  try {
    trx = await db.transaction(undefined, { readOnly: true });
    await trx.raw(`declare report_rows no scroll cursor for ${query.sql}`, query.params as Knex.RawBinding[]);
  } catch (error) {
    await trx?.rollback().catch(() => undefined);
    await db.destroy();
    throw error;
  }
  let open = true;
  let done = false;
  const close = async () => {
    if (!open) return;
    open = false;
    await trx!.rollback().catch(() => undefined);
    await db.destroy();
  };
  return {
    async next() {
      if (!open || done) return [];
      const result = (await trx!.raw(`fetch ${CURSOR_BATCH} from report_rows`).options({ rowMode: 'array' })) as { rows: unknown[][] };
      if (result.rows.length < CURSOR_BATCH) done = true;
      return result.rows;
    },
    close,
  };
}
