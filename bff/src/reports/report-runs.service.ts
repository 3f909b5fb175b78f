import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode, PartnerRole, REGIONS, type Region } from '@ph/contracts';
import { markAudited } from '../audit/audit-failures.interceptor';
import { AuditService } from '../audit/audit.service';
import { roleMay, seesAllCustomers } from '../auth/policy';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { AppError } from '../common/app-error';
import { csvHeaderLine, csvRecords } from '../common/csv';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { headerOf, INVENTORY_KINDS, periodProblem, REPORT_COLUMNS, REPORT_KINDS, reportLocale, type ReportKind, type ReportLocale } from './columns';
import { openCursor, reportQuery, type RowCursor } from './report-queries';
import { ReportRun } from './report-run.entity';
import { LocalDiskReportStorage, ReportStorage } from './report-storage';
import { ReportTemplate, templateKind } from './report-template.entity';
import { ReportsService } from './reports.service';

/** What "generate now" takes. */
export interface RunReportInput {
  templateId: string;
  /** One region, or null with `allRegions` for one merged file of every region with the actor's customers. */
  region?: Region | null;
  allRegions?: boolean | null;
  locale: string;
  headers: 'labels' | 'ids';
  from?: Date | null;
  to?: Date | null;
  /** "Now" for the default period (the scheduler's clock); a template's fixed period wins over it. */
  now?: Date;
}

/** Default period of call reports when none is given: the last 30 days. */
const DEFAULT_PERIOD_DAYS = 30;
/** Progress is written to the run row this often; the same update notices a cancel made on another replica. */
const PROGRESS_EVERY_MS = 400;
/** The file is written in chunks of about this many characters… */
const CHUNK_CHARS = 512 * 1024;
/** …or of what was read in this long, so the event loop (and a cancel) is never kept waiting. */
const CHUNK_MS = 20;

/** The reason a run stops when a user cancels it. */
class RunCancelled extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'RunCancelled';
  }
}

/** The file name of a download: `<Template Name>_<alphanumeric id>_<YYYY-MM-DD>.csv`. */
export function downloadName(run: Pick<ReportRun, 'templateName' | 'id'>, now: Date): string {
  const name = run.templateName.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim() || 'Report';
  return `${name}_${run.id.replace(/[^A-Za-z0-9]/g, '')}_${now.toISOString().slice(0, 10)}.csv`;
}

/** Writes `chunk`, waiting for the file to drain (backpressure) and yielding to the event loop between batches. */
async function write(out: Writable, chunk: string, signal: AbortSignal): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain', { signal });
  else await setImmediate(undefined, { signal });
}

/** "Generate now": report runs, their files and downloads. */
@Injectable()
export class ReportRunsService implements OnApplicationShutdown {
  private readonly logger = new Logger(ReportRunsService.name);
  private readonly active = new Map<string, { cancel: AbortController; done: Promise<void> }>();
  storage: ReportStorage;
  /** Called each time a run's database cursor has been closed (tests and benchmarks observe the release). */
  onCursorClosed: ((runId: string) => void) | null = null;

  constructor(
    private readonly stores: RegionStores,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly templates: ReportsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.storage = new LocalDiskReportStorage(join(config.dataDir, 'reports'));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const { cancel } of this.active.values()) cancel.abort(new Error('The BFF stopped'));
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  /** The run's final state once its file is written (or at once when it is no longer running here). */
  async settle(runId: string): Promise<ReportRun | null> {
    await this.active.get(runId)?.done;
    return this.stores.directory().findOne(ReportRun, { id: runId });
  }

  /** Resolves when every run started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  /** Starts a run of a template for the actor's customers in one region; the file is written in the background. */
  async run(actor: Pick<RequestActor, 'userId' | 'email' | 'partnerId' | 'role' | 'requestId'>, input: RunReportInput): Promise<ReportRun> {
    const directory = this.stores.directory();
    const template = isUuid(input.templateId)
      ? await directory.findOne(ReportTemplate, { id: input.templateId, $or: [{ partner: null }, { partner: actor.partnerId }] })
      : null;
    if (!template) throw new AppError(ErrorCode.NotFound, 'Report template not found');
    const kind = templateKind(template) as ReportKind;
    if (!REPORT_KINDS.includes(kind)) throw new AppError(ErrorCode.BadUserInput, 'Unknown report template');
    const locale = reportLocale(input.locale);
    const inventory = INVENTORY_KINDS.includes(kind);
    const to = inventory ? null : (input.to ?? template.periodTo ?? input.now ?? new Date());
    const from = inventory ? null : (input.from ?? template.periodFrom ?? new Date(to!.getTime() - DEFAULT_PERIOD_DAYS * 86_400_000));
    // Held to what a template of this kind may have (a run can name its own from/to).
    const problem = from && to ? periodProblem(kind, from, to) : null;
    if (problem) throw new AppError(ErrorCode.BadUserInput, problem.reason === 'periodReversed' ? 'The period ends before it starts' : 'The period is too long', [problem]);
    const regions = await this.regionsFor(actor as RequestActor);
    if (input.allRegions ? regions.length === 0 : !input.region) {
      throw new AppError(ErrorCode.BadUserInput, 'Choose a region', [{ field: 'input.region', reason: 'required' }]);
    }
    // The runner's scope, narrowed by a custom template's customer and tag filters (never widened).
    const customerIds = await this.templates.runScope(actor, template);
    const now = new Date();
    const run = await directory.transactional(async (tx) => {
      const created = tx.create(ReportRun, {
        partner: tx.getReference(Partner, actor.partnerId),
        templateId: template.id,
        templateName: template.name,
        kind,
        region: input.allRegions ? null : input.region!,
        regions: input.allRegions ? regions : null,
        locale,
        headers: input.headers,
        columns: template.columns,
        periodFrom: from,
        periodTo: to,
        createdById: actor.userId,
        createdByEmail: actor.email,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.reportRetentionDays * 86_400_000),
      });
      this.audit.append(tx, {
        actor,
        action: 'reports.run',
        outcome: 'SUCCESS',
        region: input.allRegions ? null : input.region!,
        targetType: 'reportRun',
        targetId: created.id,
        after: { template: template.key, region: input.allRegions ? 'ALL' : input.region, headers: input.headers },
        requestId: actor.requestId,
      });
      return created;
    });
    const cancel = new AbortController();
    const done = this.generate(run, customerIds, cancel).finally(() => this.active.delete(run.id));
    this.active.set(run.id, { cancel, done });
    return run;
  }

  /**
   * Cancels a running report: the run row turns CANCELLED at once (so the replica writing it stops at its
   * next progress check, within a second) and, when it runs here, its cursor is closed now. Scoped and
   * read-only admins cancel their own runs, full admins any of the partner's. Audited, denials too: a
   * run that does not exist or that the actor may not see (another partner's, another admin's for a
   * scoped admin) answers NOT_FOUND and is a DENIED event.
   */
  async cancel(actor: RequestActor, id: string): Promise<ReportRun> {
    const run = await this.getOrDeny(actor, id, 'reports.run.cancel');
    if (run.createdById !== actor.userId && actor.role !== PartnerRole.FullAdmin) {
      await this.audit.appendNow({ actor, action: 'reports.run.cancel', outcome: 'DENIED', targetType: 'reportRun', targetId: id, reason: ErrorCode.Forbidden, requestId: actor.requestId });
      throw markAudited(new AppError(ErrorCode.Forbidden, 'Not allowed to cancel this run'));
    }
    await this.stores.directory().transactional(async (tx) => {
      const cancelled = await tx.nativeUpdate(ReportRun, { id, status: 'RUNNING' }, { status: 'CANCELLED', finishedAt: new Date() });
      this.audit.append(tx, {
        actor,
        action: 'reports.run.cancel',
        outcome: 'SUCCESS',
        region: run.region,
        targetType: 'reportRun',
        targetId: id,
        before: { status: run.status },
        after: { status: cancelled ? 'CANCELLED' : run.status },
        requestId: actor.requestId,
      });
    });
    const here = this.active.get(id);
    if (here) {
      here.cancel.abort(new RunCancelled());
      await here.done;
    }
    return this.stores.directory().findOneOrFail(ReportRun, { id }, { refresh: true });
  }

  private async generate(run: ReportRun, customerIds: string[] | null, cancel: AbortController): Promise<void> {
    const signal = cancel.signal;
    const kind = run.kind as ReportKind;
    const regions = run.region ? [run.region] : ((run.regions ?? []) as Region[]);
    const runs = () => this.stores.directory();
    const key = `${run.id}.csv`;
    const columns = (run.columns ?? REPORT_COLUMNS[kind].map((column) => column.id)).map((id) => REPORT_COLUMNS[kind].find((column) => column.id === id)!);
    let rows = 0;
    // Progress; a run no longer RUNNING in the database (cancelled on another replica) stops here.
    const watch = setInterval(() => {
      void runs()
        .nativeUpdate(ReportRun, { id: run.id, status: 'RUNNING' }, { rows })
        .then((updated) => updated === 0 && cancel.abort(new RunCancelled()))
        .catch(() => undefined);
    }, PROGRESS_EVERY_MS);
    const out = this.storage.writer(key);
    // A persistent listener: a destroyed file stream may still report its interrupted write.
    const failed = new Promise<never>((_, reject) => out.on('error', reject));
    failed.catch(() => undefined);
    try {
      await write(out, csvHeaderLine(columns.map((column) => headerOf(column, run.headers === 'ids' ? 'ids' : 'labels', run.locale as ReportLocale))), signal);
      // Each region's rows come only from that region's own store.
      for (const region of regions) {
        const cursor = await this.openCursor(run, kind, columns.map((column) => column.id), region, customerIds);
        try {
          for (let more = true; more; ) {
            signal.throwIfAborted();
            // Batches gathered into one chunk of at most CHUNK_CHARS characters or CHUNK_MS, then written.
            const deadline = performance.now() + CHUNK_MS;
            let chunk = '';
            do {
              const batch = await cursor.next();
              if (batch.length === 0) {
                more = false;
                break;
              }
              rows += batch.length;
              chunk += csvRecords(batch);
            } while (chunk.length < CHUNK_CHARS && performance.now() < deadline);
            if (chunk) await write(out, chunk, signal);
          }
        } finally {
          await cursor.close();
          this.onCursorClosed?.(run.id);
        }
      }
      out.end();
      await Promise.race([finished(out), failed]);
      signal.throwIfAborted();
      const bytes = await this.storage.size(key);
      const succeeded = await runs().nativeUpdate(ReportRun, { id: run.id, status: 'RUNNING' }, { status: 'SUCCEEDED', rows, bytes, finishedAt: new Date() });
      if (succeeded === 0) await this.storage.remove(key); // cancelled while the last bytes were written
    } catch (error) {
      out.destroy();
      await this.storage.remove(key).catch(() => undefined);
      if (signal.aborted && signal.reason instanceof RunCancelled) {
        await runs()
          .nativeUpdate(ReportRun, { id: run.id, status: { $in: ['RUNNING', 'CANCELLED'] } }, { status: 'CANCELLED', rows, finishedAt: new Date() })
          .catch(() => undefined);
      } else {
        const reason = signal.aborted ? (signal.reason as Error) : (error as Error);
        this.logger.warn(`Report run ${run.id} failed: ${reason.message}`);
        await runs()
          .nativeUpdate(ReportRun, { id: run.id, status: 'RUNNING' }, { status: 'FAILED', rows, finishedAt: new Date(), error: String(reason.message).slice(0, 500) })
          .catch(() => undefined);
      }
    } finally {
      clearInterval(watch);
    }
  }

  /** A cursor over one region's rows of the run, on a connection of its own to that region's store. */
  private async openCursor(run: ReportRun, kind: ReportKind, columns: string[], region: Region, customerIds: string[] | null): Promise<RowCursor> {
    const externalIds = new Map<string, string | null>();
    if (kind === 'phone-numbers' && columns.includes('external_id')) {
      const entries = await this.stores.directory().find(CustomerDirectoryEntry, { partner: run.partner.id, region, externalId: { $ne: null } }, { fields: ['id', 'externalId'] });
      for (const entry of entries) externalIds.set(entry.id, entry.externalId);
    }
    const query = reportQuery(
      kind,
      columns,
      { partnerId: run.partner.id, customerIds, from: run.periodFrom ?? new Date(0), to: run.periodTo ?? new Date() },
      this.stores.dialect(region),
      externalIds,
    );
    return openCursor(query, this.config.databases[region], `partner-hub-report-${run.id}`);
  }

/** The regions where the actor's customers live (the report's region choices). */
  async regionsFor(actor: RequestActor): Promise<Region[]> {
    const entries = await this.stores.directory().find(CustomerDirectoryEntry, await this.policy.customerFilter(actor), { fields: ['region'] });
    return REGIONS.filter((region) => entries.some((entry) => entry.region === region));
  }

  /** The runs the actor may see, newest first: the partner's for full/read-only admins, their own for scoped admins. */
  async list(actor: RequestActor, first = 50): Promise<ReportRun[]> {
    return this.stores
      .directory()
      .find(ReportRun, this.visible(actor), { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200) });
  }

  private visible(actor: RequestActor) {
    return seesAllCustomers(actor.role) ? { partner: actor.partnerId } : { partner: actor.partnerId, createdById: actor.userId };
  }

  /** One run the actor may see, else NOT_FOUND (another partner's run is never FORBIDDEN). */
  async get(actor: RequestActor, id: string): Promise<ReportRun> {
    const run = isUuid(id) ? await this.stores.directory().findOne(ReportRun, { id, ...this.visible(actor) }) : null;
    if (!run) throw new AppError(ErrorCode.NotFound, 'Report run not found');
    return run;
  }

  /**
   * The run as {@link get} finds it for `actor`; its NOT_FOUND (no such run, or not the actor's to see) is
   * audited as a DENIED `action` and thrown marked as audited. Anything else (a database outage) is
   * thrown as it is.
   */
  private async getOrDeny(actor: RequestActor, id: string, action: string): Promise<ReportRun> {
    try {
      return await this.get(actor, id);
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.NotFound)) throw error;
      await this.audit.appendNow({ actor, action, outcome: 'DENIED', targetType: 'reportRun', targetId: id, reason: ErrorCode.NotFound, requestId: actor.requestId });
      throw markAudited(error);
    }
  }

  /** Checks a download against the session's actor; audits it (denials too). */
  async openDownload(actor: RequestActor, id: string): Promise<{ run: ReportRun; stream: Readable; size: number }> {
    if (!roleMay(actor.role, 'reports.run')) {
      await this.audit.appendNow({ actor, action: 'reports.download', outcome: 'DENIED', targetType: 'reportRun', targetId: id, reason: ErrorCode.Forbidden, requestId: actor.requestId });
      throw new AppError(ErrorCode.Forbidden, 'Not allowed for your role');
    }
    const run = await this.getOrDeny(actor, id, 'reports.download');
    const size = run.status === 'SUCCEEDED' ? await this.storage.size(`${run.id}.csv`) : null;
    if (size === null) throw new AppError(ErrorCode.NotFound, 'The report file is not available');
    await this.audit.appendNow({ actor, action: 'reports.download', outcome: 'SUCCESS', region: run.region, targetType: 'reportRun', targetId: run.id, requestId: actor.requestId });
    return { run, stream: this.storage.reader(`${run.id}.csv`), size };
  }

  /** Deletes the files (and runs) past their retention; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const em = this.stores.directory();
    const expired = await em.find(ReportRun, { expiresAt: { $lte: now } });
    for (const run of expired) await this.storage.remove(`${run.id}.csv`);
    if (expired.length > 0) await em.nativeDelete(ReportRun, { id: { $in: expired.map((r) => r.id) } });
    return expired.length;
  }
}
