import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode, isRegion, type Region } from '@ph/contracts';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { AuditService, type ApiKeyActor } from '../audit/audit.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { DenialAuditService } from '../auth/denials.service';
import { CALL_DIRECTIONS, ENDPOINT_TYPES, QUEUE_OUTCOMES } from '../calls/call-leg.entity';
import { AppError } from '../common/app-error';
import { insertSql, type BulkTable } from '../database/bulk-insert';
import { RegionStores, type StoreEntityManager } from '../database/stores';
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
  region: unknown;
  body: unknown;
  /** The request id, recorded in audit events. */
  requestId: string;
  /** The client address: the flood guard's key for requests without a valid key (never recorded). */
  ip: string;
}

/** How long one audit event of refused feed requests stands for: per client address without a valid key, per key and reason with one. */
export const INGEST_DENIAL_WINDOW_SECONDS = 60;

/** Why a row was refused, as the batch's audit event counts them. */
type RejectCause = 'invalid' | 'unknownCustomer' | 'otherRegion' | 'unknownSubscription';

/** The refused rows of a batch, with a count per cause. */
class Rejections {
  readonly rows: IngestResult['rejected'] = [];
  readonly counts: Record<RejectCause, number> = { invalid: 0, unknownCustomer: 0, otherRegion: 0, unknownSubscription: 0 };

  add(cause: RejectCause, line: number, reason: string): void {
    this.rows.push({ line, reason });
    this.counts[cause] += 1;
  }
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
 *
 * Audit (`ingest.callLegs` / `ingest.licenseSnapshots`, actor = the API key): every stored batch writes
 * one SUCCESS event with its row counts (never the rows) in the batch's transaction, through the
 * region's audit outbox, plus one DENIED event (`NOT_FOUND`) when rows named customers the key's
 * partner does not have; a batch whose transaction fails writes a FAILURE event and stores nothing.
 * Refused requests — no valid key, a revoked key, a bad region, an unreadable body — write DENIED
 * events with the flood guard of {@link DenialAuditService} (one per window and client address or key).
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  /** Test hook: runs inside a batch's transaction after its rows and events are written (throw to simulate a crash). */
  beforeCommit: ((kind: Kind, region: Region) => void | Promise<void>) | null = null;

  constructor(
    private readonly stores: RegionStores,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly denials: DenialAuditService,
  ) {}

  /** Authenticates, parses, validates and stores one batch of `kind` rows. */
  async ingest(kind: Kind, request: IngestRequest): Promise<IngestResult> {
    const action = `ingest.${kind}`;
    const { requestId } = request;
    const actor = await this.keyOf(action, request);
    /** Audits (flood-guarded, per key and reason) a refusal of the whole request and returns the error to throw. */
    const refuse = async (error: AppError, region: Region | null, after: Record<string, unknown> = {}) => {
      await this.denials.record(`ingest:key:${actor.apiKeyId}:${error.code}`, INGEST_DENIAL_WINDOW_SECONDS, error.code, () => ({ actor, action, region, requestId, after }));
      return error;
    };
    if (!isRegion(request.region)) {
      const given = typeof request.region === 'string' ? request.region.slice(0, 16) : null;
      throw await refuse(new AppError(ErrorCode.InvalidRegion, 'The region query parameter must be one of US, CA, EU, AE'), null, { region: given });
    }
    const region = request.region;
    let records: ParsedRecord[];
    try {
      records = parseBody(request.contentType, request.body);
    } catch (error) {
      throw error instanceof AppError ? await refuse(error, region, { contentType: mediaType(request.contentType).slice(0, 100) || null }) : error;
    }
    const rejections = new Rejections();
    const valid: { line: number; row: Row<typeof kind> }[] = [];
    for (const record of records) {
      if ('error' in record) {
        rejections.add('invalid', record.line, record.error);
        continue;
      }
      const parsed = FEEDS[kind].schema.safeParse(record.value);
      if (parsed.success) valid.push({ line: record.line, row: parsed.data });
      else rejections.add('invalid', record.line, parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '));
    }

    const owned = await this.checkCustomers(actor.partnerId, region, valid, rejections);
    const stored = kind === 'licenseSnapshots' ? await this.checkSubscriptions(region, owned, rejections) : owned;
    const accepted = await this.insert(kind, region, stored.map((v) => v.row), (tx, inserted) => {
      const { counts } = rejections;
      this.audit.append(tx, {
        actor,
        action,
        outcome: 'SUCCESS',
        region,
        targetType: kind,
        after: { rows: records.length, accepted: inserted, duplicates: stored.length - inserted, rejected: rejections.rows.length, rejectedBy: counts },
        requestId,
      });
      // Rows naming a customer the partner does not have (unknown, or another partner's: told apart nowhere).
      if (counts.unknownCustomer > 0) {
        this.audit.append(tx, { actor, action, outcome: 'DENIED', region, targetType: 'customer', reason: ErrorCode.NotFound, after: { rows: counts.unknownCustomer }, requestId });
      }
    }).catch(async (error: unknown) => {
      this.logger.error({ err: error, kind, region, requestId }, 'storing an ingest batch failed; nothing was stored');
      await this.audit
        .appendNow({ actor, action, outcome: 'FAILURE', region, targetType: kind, reason: ErrorCode.Internal, after: { rows: records.length }, requestId })
        .catch((auditError: unknown) => this.logger.error({ err: auditError }, 'could not audit a failed ingest batch'));
      throw new AppError(ErrorCode.Internal, 'The batch could not be stored; nothing of it was stored, send it again');
    });
    rejections.rows.sort((a, b) => a.line - b.line);
    return { accepted, duplicates: stored.length - accepted, rejected: rejections.rows };
  }

  /** The key the request carries; refuses (401, audited with the flood guard) a missing, unknown or revoked one. */
  private async keyOf(action: string, request: IngestRequest): Promise<ApiKeyActor> {
    const match = /^Bearer (\S+)$/i.exec(request.authorization ?? '');
    const key = match ? await this.apiKeys.identify(match[1]) : null;
    if (key && !key.revoked) return { apiKeyId: key.apiKeyId, name: key.name, partnerId: key.partnerId };
    const { requestId } = request;
    if (key) {
      const actor = { apiKeyId: key.apiKeyId, name: key.name, partnerId: key.partnerId };
      await this.denials.record(`ingest:key:${key.apiKeyId}:revoked`, INGEST_DENIAL_WINDOW_SECONDS, 'API_KEY_REVOKED', () => ({ actor, action, requestId }));
    } else {
      await this.denials.record(`ingest:ip:${request.ip}`, INGEST_DENIAL_WINDOW_SECONDS, ErrorCode.Unauthenticated, () => ({ actor: null, partnerId: null, action, requestId }));
    }
    throw new AppError(ErrorCode.Unauthenticated, 'A valid partner API key is required (Authorization: Bearer <key>)');
  }

  /** Keeps rows whose customer belongs to the key's partner and lives in `region`; rejects the rest. */
  private async checkCustomers<T extends { line: number; row: { customerId: string } }>(
    partnerId: string,
    region: Region,
    rows: T[],
    rejections: Rejections,
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
      if (!entry || entry.partnerId !== partnerId) rejections.add('unknownCustomer', line, 'customerId: unknown customer');
      else if (entry.region !== region) rejections.add('otherRegion', line, `customerId: the customer's data lives in region ${entry.region}, not ${region}`);
      else return true;
      return false;
    });
  }

  /** Keeps snapshot rows whose subscription belongs to the row's customer in this region. */
  private async checkSubscriptions<T extends { line: number; row: { customerId: string; subscriptionId?: string } }>(
    region: Region,
    rows: T[],
    rejections: Rejections,
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
      rejections.add('unknownSubscription', line, 'subscriptionId: unknown subscription for this customer');
      return false;
    });
  }

  /**
   * Inserts in one transaction, skipping rows whose natural key exists, and has `audit` add the batch's
   * events to that transaction (also when no row is left to insert); returns how many rows were new.
   */
  private async insert(kind: Kind, region: Region, rows: Row<Kind>[], audit: (tx: StoreEntityManager, inserted: number) => void): Promise<number> {
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
      audit(tx, inserted);
      await this.beforeCommit?.(kind, region);
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

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

type ParsedRecord = { line: number; value: unknown } | { line: number; error: string };

/** Splits an NDJSON or CSV body into records with their 1-based line numbers (CSV: the header is line 1). */
function parseBody(contentType: string | undefined, body: unknown): ParsedRecord[] {
  const type = mediaType(contentType);
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
