import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ErrorCode, PartnerRole, type FieldError, type Region } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { roleMay, seesAllCustomers } from '../auth/policy';
import { PolicyService } from '../auth/policy.service';
import type { RequestActor } from '../auth/sessions.service';
import { PartnerUser } from '../auth/user.entity';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { REPORT_KINDS, reportLocale, type ReportKind } from './columns';
import { ReportRunsService } from './report-runs.service';
import { ReportSchedule, ReportScheduleOccurrence, SCHEDULE_FREQUENCIES, type ScheduleFrequency } from './report-schedule.entity';
import { ReportTemplate, templateKind } from './report-template.entity';
import { isTimeZone, nextOccurrence, TIME_OF_DAY } from './schedule-times';

/** What a new schedule takes. */
export interface CreateScheduleInput {
  templateId: string;
  region: Region;
  locale: string;
  headers: 'labels' | 'ids';
  frequency: ScheduleFrequency;
  timeOfDay: string;
  weekday?: number | null;
  dayOfMonth?: number | null;
  timeZone: string;
}

/** Attempts of one occurrence before it is left FAILED. */
export const MAX_ATTEMPTS = 5;
/** Backoff before retry n (1-based): 1, 2, 4, 8 … minutes. */
export const retryDelayMs = (attempt: number) => 60_000 * 2 ** (attempt - 1);
/** How long a claimed attempt belongs to the replica that claimed it. */
const LEASE_MS = 30 * 60_000;
const TICK_MS = 30_000;

/**
 * Report schedules and the scheduler loop. Every replica ticks; an occurrence is claimed by inserting
 * its unique (schedule, occurrence time) row, a retry by a conditional update of its attempt count, so
 * each runs once across replicas and restarts. A missed occurrence (replica down) runs at the next tick.
 */
@Injectable()
export class ReportSchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportSchedulesService.name);
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  /** The scheduler's clock (tests inject one). */
  clock: () => Date = () => new Date();

  constructor(
    private readonly stores: RegionStores,
    private readonly runs: ReportRunsService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.nodeEnv !== 'test') this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts ticking every `intervalMs`. */
  start(intervalMs = TICK_MS): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.ticking) this.ticking = this.tick().catch((error: Error) => this.logger.error(`Scheduler tick failed: ${error.message}`)).finally(() => (this.ticking = null));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops ticking and waits for a tick in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
  }

  async create(actor: RequestActor, input: CreateScheduleInput): Promise<ReportSchedule> {
    const fields: FieldError[] = [];
    const template = isUuid(input.templateId)
      ? await this.stores.directory().findOne(ReportTemplate, { id: input.templateId, $or: [{ partner: null }, { partner: actor.partnerId }] })
      : null;
    if (!template || !REPORT_KINDS.includes(templateKind(template) as ReportKind)) fields.push({ field: 'input.templateId', reason: 'unknownTemplate' });
    if (!SCHEDULE_FREQUENCIES.includes(input.frequency)) fields.push({ field: 'input.frequency', reason: 'invalid' });
    if (!TIME_OF_DAY.test(input.timeOfDay)) fields.push({ field: 'input.timeOfDay', reason: 'invalidTime' });
    if (!isTimeZone(input.timeZone)) fields.push({ field: 'input.timeZone', reason: 'unknownTimeZone' });
    const weekday = input.frequency === 'WEEKLY' ? (input.weekday ?? null) : null;
    const dayOfMonth = input.frequency === 'MONTHLY' ? (input.dayOfMonth ?? null) : null;
    if (input.frequency === 'WEEKLY' && (weekday === null || !Number.isInteger(weekday) || weekday < 1 || weekday > 7)) fields.push({ field: 'input.weekday', reason: 'invalidWeekday' });
    if (input.frequency === 'MONTHLY' && (dayOfMonth === null || !Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)) fields.push({ field: 'input.dayOfMonth', reason: 'invalidDayOfMonth' });
    if (fields.length > 0 || !template) throw new AppError(ErrorCode.BadUserInput, 'The schedule is not valid', fields);
    const rule = { frequency: input.frequency, timeOfDay: input.timeOfDay, weekday, dayOfMonth, timeZone: input.timeZone };
    return this.stores.directory().transactional(async (tx) => {
      const schedule = tx.create(ReportSchedule, {
        partner: tx.getReference(Partner, actor.partnerId),
        templateId: template.id,
        templateName: template.name,
        region: input.region,
        locale: reportLocale(input.locale),
        headers: input.headers,
        ...rule,
        ownerId: actor.userId,
        ownerEmail: actor.email,
        nextRunAt: nextOccurrence(rule, this.clock()),
      });
      this.audit.append(tx, {
        actor,
        action: 'reports.schedule.create',
        outcome: 'SUCCESS',
        region: input.region,
        targetType: 'reportSchedule',
        targetId: schedule.id,
        after: { template: template.key, ...rule },
        requestId: actor.requestId,
      });
      return schedule;
    });
  }

  /** The partner's schedules (scoped admins: their own), next run first. */
  async list(actor: RequestActor): Promise<ReportSchedule[]> {
    const where = seesAllCustomers(actor.role) ? { partner: actor.partnerId } : { partner: actor.partnerId, ownerId: actor.userId };
    return this.stores.directory().find(ReportSchedule, where, { orderBy: { nextRunAt: 'asc', id: 'asc' } });
  }

  /** Deletes a schedule: its owner's own, or any of the partner's for a full admin (a read-only admin sees them all but changes only its own). */
  async remove(actor: RequestActor, id: string): Promise<boolean> {
    const where = actor.role === PartnerRole.FullAdmin ? { partner: actor.partnerId } : { partner: actor.partnerId, ownerId: actor.userId };
    return this.stores.directory().transactional(async (tx) => {
      const schedule = isUuid(id) ? await tx.findOne(ReportSchedule, { id, ...where }) : null;
      if (!schedule) throw new AppError(ErrorCode.NotFound, 'Schedule not found');
      tx.remove(schedule);
      this.audit.append(tx, { actor, action: 'reports.schedule.delete', outcome: 'SUCCESS', targetType: 'reportSchedule', targetId: id, requestId: actor.requestId });
      return true;
    });
  }

  /** One pass: deletes files past retention, then claims and runs due occurrences, due retries and attempts whose replica's lease ran out. */
  async tick(now: Date = this.clock()): Promise<void> {
    await this.runs.purgeExpired(now);
    const em = this.stores.directory();
    const due = await em.find(ReportSchedule, { nextRunAt: { $lte: now } }, { orderBy: { nextRunAt: 'asc' }, limit: 50 });
    for (const schedule of due) {
      const occurrenceAt = schedule.nextRunAt;
      let occurrence: ReportScheduleOccurrence | null = null;
      try {
        const fresh = this.stores.directory();
        occurrence = fresh.create(ReportScheduleOccurrence, { scheduleId: schedule.id, occurrenceAt, leaseUntil: new Date(now.getTime() + LEASE_MS) });
        await fresh.flush();
      } catch (error) {
        if (!(error instanceof UniqueConstraintViolationException)) throw error;
        occurrence = null; // another replica (or an earlier pass) has it
      }
      // Missed occurrences collapse into this one: the next is the first after now. Idempotent on races.
      await this.stores.directory().nativeUpdate(ReportSchedule, { id: schedule.id, nextRunAt: occurrenceAt }, { nextRunAt: nextOccurrence(schedule, now) });
      if (occurrence) await this.execute(schedule, occurrence.id, 1, now);
    }
    const retries = await em.find(ReportScheduleOccurrence, {
      $or: [{ status: 'FAILED', retryAt: { $lte: now } }, { status: 'RUNNING', leaseUntil: { $lt: now } }],
    });
    for (const occurrence of retries) {
      if (occurrence.attempts >= MAX_ATTEMPTS) continue;
      const claimed = await this.stores
        .directory()
        .nativeUpdate(
          ReportScheduleOccurrence,
          { id: occurrence.id, status: occurrence.status, attempts: occurrence.attempts },
          { status: 'RUNNING', attempts: occurrence.attempts + 1, retryAt: null, leaseUntil: new Date(now.getTime() + LEASE_MS) },
        );
      if (claimed !== 1) continue;
      const schedule = await this.stores.directory().findOne(ReportSchedule, { id: occurrence.scheduleId });
      if (schedule) await this.execute(schedule, occurrence.id, occurrence.attempts + 1, now);
    }
  }

  private async execute(schedule: ReportSchedule, occurrenceId: string, attempt: number, now: Date): Promise<void> {
    const em = this.stores.directory();
    const owner = await em.findOne(PartnerUser, { id: schedule.ownerId, partner: schedule.partner.id });
    const actor = owner ? { userId: owner.id, email: owner.email, partnerId: schedule.partner.id, role: owner.role, requestId: `schedule-${occurrenceId}` } : null;
    let refusal: string | null = null;
    if (!owner || !actor) refusal = 'OWNER_GONE';
    else if (!roleMay(owner.role, 'reports.run')) refusal = ErrorCode.Forbidden;
    else if (!seesAllCustomers(owner.role) && (await this.policy.scopedCustomerIds(actor as RequestActor)).length === 0) refusal = 'NO_CUSTOMER_ACCESS';
    if (refusal !== null || !actor) {
      await this.stores.directory().nativeUpdate(ReportScheduleOccurrence, { id: occurrenceId }, { status: 'REFUSED', error: refusal, retryAt: null });
      await this.audit.appendNow({
        actor: owner ? { userId: owner.id, email: owner.email, partnerId: schedule.partner.id } : null,
        partnerId: schedule.partner.id,
        action: 'reports.schedule.run',
        outcome: 'DENIED',
        region: schedule.region,
        targetType: 'reportSchedule',
        targetId: schedule.id,
        reason: refusal,
      });
      return;
    }
    try {
      const run = await this.runs.run(actor, { templateId: schedule.templateId, region: schedule.region, locale: schedule.locale, headers: schedule.headers === 'ids' ? 'ids' : 'labels', now });
      const settled = await this.runs.settle(run.id);
      if (settled?.status === 'CANCELLED') {
        // A user stopped it: not retried.
        await this.stores.directory().nativeUpdate(ReportScheduleOccurrence, { id: occurrenceId }, { status: 'FAILED', runId: run.id, retryAt: null, error: 'CANCELLED' });
        return;
      }
      if (settled?.status !== 'SUCCEEDED') throw new Error(settled?.error ?? 'The report run failed');
      await this.stores.directory().nativeUpdate(ReportScheduleOccurrence, { id: occurrenceId }, { status: 'SUCCEEDED', runId: run.id, error: null });
    } catch (error) {
      const retryAt = attempt < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempt)) : null;
      await this.stores
        .directory()
        .nativeUpdate(ReportScheduleOccurrence, { id: occurrenceId }, { status: 'FAILED', retryAt, error: String((error as Error).message).slice(0, 500) });
    }
  }
}
