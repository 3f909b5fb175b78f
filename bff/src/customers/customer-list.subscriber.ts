import type { ChangeSet, EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/core';
import type { StoreEntityManager } from '../database/stores';
import { DEFAULT_EXPIRING_SOON_DAYS, DEFAULT_NO_RECENT_ACTIVITY_DAYS } from './customer-settings.entity';
import type { Sql } from './customer-status';
import { dropMissingSql, inJsonIds, refreshRowsSql, thresholdFlagsSql, thresholdsAt, type Dialect } from './customer-list.sql';

/*
 * Region-store side of the customer list's summary rows (see customer-list.maintenance.ts): rewriting
 * the rows of customers a write touched, inside the write's transaction.
 */

/** Customers per refresh statement. */
const CHUNK = 200;

/** Today's UTC date, YYYY-MM-DD. */
export const todayIso = (now = Date.now()): string => new Date(now).toISOString().slice(0, 10);

/** The SQL dialect behind an entity manager. */
export const dialectOf = (em: StoreEntityManager): Dialect => (em.config.get('driver')?.name === 'PostgreSqlDriver' ? 'postgresql' : 'sqlite');

export type Ctx = ReturnType<StoreEntityManager['getTransactionContext']>;

/** Runs a statement (in `ctx` when given). */
export async function run(em: StoreEntityManager, sql: Sql, ctx?: Ctx): Promise<void> {
  await em.getConnection().execute(sql.text, sql.params, 'run', ctx);
}
/** Runs a query (in `ctx` when given). */
export async function all<T>(em: StoreEntityManager, sql: Sql, ctx?: Ctx): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql.text, sql.params, 'all', ctx);
}

/**
 * Rewrites the rows of `ids` (customers of the store behind `em`) from the base tables inside the
 * transaction `ctx`, with their partner's recorded thresholds: for writers that change customers,
 * subscriptions, licence lines, trials or orders without the ORM. Rows of customers that no longer
 * exist are dropped.
 */
export async function refreshCustomers(em: StoreEntityManager, ids: Iterable<string>, ctx: Ctx = em.getTransactionContext(), now = Date.now()): Promise<void> {
  const list = [...new Set(ids)];
  const dialect = dialectOf(em);
  for (let at = 0; at < list.length; at += CHUNK) {
    const chunk = list.slice(at, at + CHUNK);
    await run(em, refreshRowsSql(dialect, todayIso(now), chunk), ctx);
    for (const drop of dropMissingSql(dialect, chunk)) await run(em, drop, ctx);
    await applyThresholds(em, now, { text: inJsonIds(dialect, 'customer_id'), params: [JSON.stringify(chunk)] }, ctx);
  }
}

/** Sets the threshold statuses of the rows matching `where`, partner by partner, with each partner's recorded thresholds (defaults when none). */
export async function applyThresholds(em: StoreEntityManager, now: number, where: Sql, ctx?: Ctx): Promise<void> {
  const dialect = dialectOf(em);
  const partners = await all<{ partner_id: string; expiring_soon_days: number | null; no_recent_activity_days: number | null }>(
    em,
    {
      text: `select distinct r.partner_id, p.expiring_soon_days, p.no_recent_activity_days from customer_list_row r left join customer_list_partner p on p.partner_id = r.partner_id where ${where.text}`,
      params: where.params,
    },
    ctx,
  );
  for (const p of partners) {
    const days = { expiringSoonDays: p.expiring_soon_days ?? DEFAULT_EXPIRING_SOON_DAYS, noRecentActivityDays: p.no_recent_activity_days ?? DEFAULT_NO_RECENT_ACTIVITY_DAYS };
    await run(em, thresholdFlagsSql(p.partner_id, thresholdsAt(dialect, days, now), where), ctx);
  }
}

/** Customer ids touched by a flush's change sets (licence lines through their subscription). */
async function touchedCustomers(em: StoreEntityManager, changeSets: ChangeSet<object>[], ctx: Ctx): Promise<string[]> {
  const customers = new Set<string>();
  const subscriptions = new Set<string>();
  const idOf = (ref: unknown) => (ref as { id?: string } | null | undefined)?.id;
  for (const cs of changeSets) {
    const entity = cs.entity as Record<string, unknown>;
    switch (cs.meta.className) {
      case 'Customer':
        customers.add(entity.id as string);
        break;
      case 'Subscription':
      case 'Trial':
      case 'Order': {
        const id = idOf(entity.customer);
        if (id) customers.add(id);
        break;
      }
      case 'LicenseLine': {
        const id = idOf(entity.subscription);
        if (id) subscriptions.add(id);
        break;
      }
    }
  }
  if (subscriptions.size > 0) {
    const rows = await all<{ customer_id: string }>(
      em,
      { text: `select customer_id from subscription where id in (${[...subscriptions].map(() => '?').join(', ')})`, params: [...subscriptions] },
      ctx,
    );
    for (const row of rows) customers.add(row.customer_id);
  }
  return [...customers];
}

/**
 * Region stores' ORM subscriber: after every flush that touches a customer, subscription, licence
 * line, trial or order, rewrites those customers' list rows before the transaction commits.
 */
export class CustomerListSubscriber implements EventSubscriber {
  /** Inside an explicit transaction (`em.transactional`): the flush's rows are written, the transaction is open. */
  async afterFlush(args: FlushEventArgs): Promise<void> {
    const em = args.em as StoreEntityManager;
    if (!em.isInTransaction()) return;
    const ctx = em.getTransactionContext();
    const ids = await touchedCustomers(em, args.uow.getChangeSets(), ctx);
    if (ids.length) await refreshCustomers(em, ids, ctx);
  }

  /** A flush's own (implicit) transaction, just before it commits. */
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    if (!args.uow || !args.transaction) return;
    const em = args.em as StoreEntityManager;
    const ids = await touchedCustomers(em, args.uow.getChangeSets(), args.transaction);
    if (ids.length) await refreshCustomers(em, ids, args.transaction);
  }
}
