import { Injectable } from '@nestjs/common';
import { ErrorCode, isRegion, type Region } from '@ph/contracts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ApiKeysService } from '../auth/api-keys.service';
import { CALL_DIRECTIONS, ENDPOINT_TYPES, QUEUE_OUTCOMES } from '../calls/call-leg.entity';
import { AppError } from '../common/app-error';
import { insertSql, type BulkTable } from '../database/bulk-insert';
import { RegionStores } from '../database/stores';
import { PRODUCTS } from '../subscriptions/subscription.entity';

/** What a batch did: rows stored, rows already there (natural key), and each refused row with its line and reason. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
}

/** The raw request as the controller hands it over. */
export interface IngestRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  region: string | undefined;
  body: unknown;
}

/** Most rows one batch may carry. */
export const MAX_BATCH_ROWS = 100_000;
const ROWS_PER_INSERT = 500;

const bool = z.preprocess((v) => (v === 'true' || v === '1' || v === 1 ? true : v === 'false' || v === '0' || v === 0 ? false : v), z.boolean());
const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const metric = z.preprocess(emptyToNull, z.coerce.number().min(0).nullable());
const int = z.coerce.number().int().min(0);

const callLegRow = z.object({
  id: z.string().min(1).max(64),
  customerId: z.uuid(),
  callId: z.string().min(1).max(64),
  startedAt: z.iso.datetime({ offset: true }),
  durationSeconds: int,
  direction: z.enum(CALL_DIRECTIONS),
  endpointType: z.enum(ENDPOINT_TYPES),
  audio: bool,
  video: bool,
  audioJitterMs: metric,
  audioLatencyMs: metric,
  audioLossPct: metric,
  videoJitterMs: metric,
  videoLatencyMs: metric,
  videoLossPct: metric,
  appToApp: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  huntGroup: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  autoAttendant: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  callQueue: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  transfer: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  park: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  pickup: z.preprocess((v) => emptyToNull(v) ?? false, bool),
  queueOutcome: z.preprocess(emptyToNull, z.enum(QUEUE_OUTCOMES).nullable()),
  queueWaitSeconds: z.preprocess(emptyToNull, int.nullable()),
  userId: z.preprocess(emptyToNull, z.uuid().nullable()),
});

const snapshotRow = z.object({
  customerId: z.uuid(),
  subscriptionId: z.string().min(1).max(40),
  product: z.enum(PRODUCTS),
  weekStart: z.iso.date().refine((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1, 'must be a Monday'),
  purchased: int,
  assigned: int,
  used: int,
});

type Kind = 'callLegs' | 'licenseSnapshots';
type Row<K extends Kind> = K extends 'callLegs' ? z.infer<typeof callLegRow> : z.infer<typeof snapshotRow>;

const FEEDS = {
  callLegs: {
    schema: callLegRow,
    table: {
      name: 'call_leg',
      columns: [
        'id', 'customer_id', 'call_id', 'started_at', 'duration_seconds', 'direction', 'endpoint_type', 'audio', 'video',
        'audio_jitter_ms', 'audio_latency_ms', 'audio_loss_pct', 'video_jitter_ms', 'video_latency_ms', 'video_loss_pct',
        'app_to_app', 'hunt_group', 'auto_attendant', 'call_queue', 'queue_outcome', 'queue_wait_seconds', 'user_id',
        'transfer', 'park', 'pickup',
      ],
    },
    conflict: '(id)',
  },
  licenseSnapshots: {
    schema: snapshotRow,
    table: { name: 'license_snapshot', columns: ['customer_id', 'subscription_id', 'product', 'week_start', 'purchased', 'assigned', 'used'] },
    conflict: '(subscription_id, product, week_start)',
  },
} as const satisfies Record<Kind, { schema: z.ZodType; table: BulkTable; conflict: string }>;

/**
 * Stores partner-fed call legs and licence snapshots in one region's store. Every row is validated
 * on its own: bad rows (invalid, unknown customer, customer of another partner or region, unknown
 * subscription) are reported with their line number while good rows are stored; re-sent rows are
 * counted as duplicates by their natural key.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly stores: RegionStores,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** Authenticates, parses, validates and stores one batch of `kind` rows. */
  async ingest(kind: Kind, request: IngestRequest): Promise<IngestResult> {
    const partnerId = await this.partnerOf(request.authorization);
    if (!isRegion(request.region)) throw new AppError(ErrorCode.InvalidRegion, 'The region query parameter must be one of US, CA, EU, AE');
    const region = request.region;
    const records = parseBody(request.contentType, request.body);
    const rejected: IngestResult['rejected'] = [];
    const valid: { line: number; row: Row<typeof kind> }[] = [];
    for (const record of records) {
      if ('error' in record) {
        rejected.push({ line: record.line, reason: record.error });
        continue;
      }
      const parsed = FEEDS[kind].schema.safeParse(record.value);
      if (parsed.success) valid.push({ line: record.line, row: parsed.data });
      else rejected.push({ line: record.line, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ') });
    }

    const owned = await this.checkCustomers(partnerId, region, valid, rejected);
    const stored = kind === 'licenseSnapshots' ? await this.checkSubscriptions(region, owned, rejected) : owned;
    const accepted = await this.insert(kind, region, stored.map((v) => v.row));
    rejected.sort((a, b) => a.line - b.line);
    return { accepted, duplicates: stored.length - accepted, rejected };
  }

  private async partnerOf(authorization: string | undefined): Promise<string> {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    const identity = match ? await this.apiKeys.authenticate(match[1]) : null;
    if (!identity) throw new AppError(ErrorCode.Unauthenticated, 'A valid partner API key is required (Authorization: Bearer <key>)');
    return identity.partnerId;
  }

  /** Keeps rows whose customer belongs to the key's partner and lives in `region`; rejects the rest. */
  private async checkCustomers<T extends { line: number; row: { customerId: string } }>(
    partnerId: string,
    region: Region,
    rows: T[],
    rejected: IngestResult['rejected'],
  ): Promise<T[]> {
    const ids = [...new Set(rows.map((r) => r.row.customerId))];
    const known = new Map<string, { partnerId: string; region: Region }>();
    const connection = this.stores.directory().getConnection();
    for (let at = 0; at < ids.length; at += ROWS_PER_INSERT) {
      const chunk = ids.slice(at, at + ROWS_PER_INSERT);
      const found = await connection.execute<{ id: string; partner_id: string; region: Region }[]>(
        `select id, partner_id, region from customer_directory_entry where id in (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const entry of found) known.set(entry.id, { partnerId: entry.partner_id, region: entry.region });
    }
    return rows.filter(({ line, row }) => {
      const entry = known.get(row.customerId);
      // Another partner's customer is reported exactly like an unknown one: no existence leak.
      if (!entry || entry.partnerId !== partnerId) rejected.push({ line, reason: 'customerId: unknown customer' });
      else if (entry.region !== region) rejected.push({ line, reason: `customerId: the customer's data lives in region ${entry.region}, not ${region}` });
      else return true;
      return false;
    });
  }

  /** Keeps snapshot rows whose subscription belongs to the row's customer in this region. */
  private async checkSubscriptions<T extends { line: number; row: { customerId: string; subscriptionId?: string } }>(
    region: Region,
    rows: T[],
    rejected: IngestResult['rejected'],
  ): Promise<T[]> {
    const ids = [...new Set(rows.map((r) => r.row.subscriptionId as string))];
    const owner = new Map<string, string>();
    const connection = this.stores.forRegion(region).getConnection();
    for (let at = 0; at < ids.length; at += ROWS_PER_INSERT) {
      const chunk = ids.slice(at, at + ROWS_PER_INSERT);
      const found = await connection.execute<{ id: string; customer_id: string }[]>(
        `select id, customer_id from subscription where id in (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const s of found) owner.set(s.id, s.customer_id);
    }
    return rows.filter(({ line, row }) => {
      if (owner.get(row.subscriptionId as string) === row.customerId) return true;
      rejected.push({ line, reason: 'subscriptionId: unknown subscription for this customer' });
      return false;
    });
  }

  /** Inserts in one transaction, skipping rows whose natural key exists; returns how many were new. */
  private async insert(kind: Kind, region: Region, rows: Row<Kind>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const feed = FEEDS[kind];
    const sqlite = this.stores.dialect(region) === 'sqlite';
    const values = rows.map((row) => (kind === 'callLegs' ? callLegValues(row as Row<'callLegs'>, sqlite) : snapshotValues(row as Row<'licenseSnapshots'>)));
    const em = this.stores.forRegion(region);
    return em.transactional(async (tx) => {
      let inserted = 0;
      for (let at = 0; at < values.length; at += ROWS_PER_INSERT) {
        const chunk = values.slice(at, at + ROWS_PER_INSERT);
        const sql = `${insertSql(feed.table, chunk.length, () => '?')} on conflict ${feed.conflict} do nothing`;
        const result = await tx.getConnection().execute<{ affectedRows: number }>(sql, chunk.flat(), 'run', tx.getTransactionContext());
        inserted += result.affectedRows;
      }
      return inserted;
    });
  }
}

function callLegValues(r: Row<'callLegs'>, sqlite: boolean): unknown[] {
  const b = (v: boolean) => (sqlite ? (v ? 1 : 0) : v);
  const startedAt = new Date(r.startedAt);
  return [
    r.id, r.customerId, r.callId, sqlite ? startedAt.getTime() : startedAt, r.durationSeconds, r.direction, r.endpointType, b(r.audio), b(r.video),
    r.audioJitterMs, r.audioLatencyMs, r.audioLossPct, r.videoJitterMs, r.videoLatencyMs, r.videoLossPct,
    b(r.appToApp), b(r.huntGroup), b(r.autoAttendant), b(r.callQueue), r.queueOutcome, r.queueWaitSeconds, r.userId,
    b(r.transfer), b(r.park), b(r.pickup),
  ];
}

function snapshotValues(r: Row<'licenseSnapshots'>): unknown[] {
  return [r.customerId, r.subscriptionId, r.product, r.weekStart, r.purchased, r.assigned, r.used];
}

type ParsedRecord = { line: number; value: unknown } | { line: number; error: string };

/** Splits an NDJSON or CSV body into records with their 1-based line numbers (CSV: the header is line 1). */
function parseBody(contentType: string | undefined, body: unknown): ParsedRecord[] {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (typeof body !== 'string' || (type !== 'application/x-ndjson' && type !== 'text/csv')) {
    throw new AppError(ErrorCode.BadUserInput, 'Send the batch as application/x-ndjson or text/csv');
  }
  const records: ParsedRecord[] = [];
  if (type === 'application/x-ndjson') {
    const lines = body.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i].trim();
      if (text === '') continue;
      try {
        records.push({ line: i + 1, value: JSON.parse(text) });
      } catch {
        records.push({ line: i + 1, error: 'not valid JSON' });
      }
    }
  } else {
    try {
      const parsed = parse(body, { columns: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as {
        record: Record<string, string>;
        info: { lines: number };
      }[];
      for (const { record, info } of parsed) records.push({ line: info.lines, value: record });
    } catch (error) {
      throw new AppError(ErrorCode.BadUserInput, `The CSV cannot be read: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (records.length > MAX_BATCH_ROWS) throw new AppError(ErrorCode.BadUserInput, `A batch holds at most ${MAX_BATCH_ROWS} rows`);
  return records;
}
