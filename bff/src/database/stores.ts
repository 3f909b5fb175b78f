import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Logger } from '@nestjs/common';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { Migrator } from '@mikro-orm/migrations';
import { knex, PostgreSqlDriver, type SqlEntityManager } from '@mikro-orm/postgresql';
import { ErrorCode, isRegion, type Region } from '@ph/contracts';
import { AppError } from '../common/app-error';
import { STORES, type AppConfig, type DatabaseTarget, type StoreName } from '../config/config';
import { AnalyticsBandDay, AnalyticsCustomer, AnalyticsLine, AnalyticsWeek } from '../analytics/analytics.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditOutboxEntry } from '../audit/audit-outbox.entity';
import { PartnerApiKey } from '../auth/api-key.entity';
import { PasswordToken } from '../auth/password-token.entity';
import { Session } from '../auth/session.entity';
import { CustomerAdminAssignment, PartnerUser } from '../auth/user.entity';
import { Customer, CustomerDirectoryEntry } from '../customers/customer.entity';
import { OrganizationSetup } from '../organization/organization-setup.entity';
import { Partner } from '../partners/partner.entity';
import { ReportTemplate } from '../reports/report-template.entity';
import { ReportRun } from '../reports/report-run.entity';
import { ReportSchedule, ReportScheduleOccurrence } from '../reports/report-schedule.entity';
import { CallLeg } from '../calls/call-leg.entity';
import { Device } from '../devices/device.entity';
import { Invoice } from '../invoices/invoice.entity';
import { Location } from '../locations/location.entity';
import { Order, OrderEvent } from '../orders/order.entity';
import { PhoneNumber } from '../phone-numbers/phone-number.entity';
import { LicenseLine, LicenseSnapshot, Subscription } from '../subscriptions/subscription.entity';
import { Trial } from '../trials/trial.entity';
import { PartnerCustomerSettings } from '../customers/customer-settings.entity';
import { CustomerListChange, CustomerListPartner, CustomerListRow, CustomerListState, CustomerListTag } from '../customers/customer-list.entity';
import { CustomerListSubscriber } from '../customers/customer-list.subscriber';
import { CustomerTagAssignment, Tag } from '../tags/tag.entity';
import { MIGRATIONS } from './migrations';
import { CallingCustomerWeek, CallingEndpointWeek, CallingPartnerWeek, CallingUsageWeek, CallingWeek, JobLease } from '../calling/calling.entity';
import './sqlite-enum-fix';
import { HelpdeskRequest } from '../helpdesk/helpdesk-request.entity';
import { SavedView } from '../saved-views/saved-view.entity';

const ormLogger = new Logger('MikroORM');

export type StoreKind = 'directory' | 'region';
/** The entity manager of one store (SQLite and PostgreSQL share the SQL API). */
export type StoreEntityManager = SqlEntityManager;

/** Entities per store kind: directory data never lands in a region store and vice versa. */
export const ENTITIES = {
  directory: [
    Partner,
    CustomerDirectoryEntry,
    ReportTemplate,
    PartnerUser,
    CustomerAdminAssignment,
    Session,
    PasswordToken,
    PartnerApiKey,
    AuditEvent,
    OrganizationSetup,
    HelpdeskRequest,
    JobLease,
    PartnerCustomerSettings,
    Tag,
    CustomerTagAssignment,
    ReportRun,
    ReportSchedule,
    ReportScheduleOccurrence,
    SavedView,
    CustomerListChange,
  ],
  region: [
    Customer,
    Location,
    Order,
    OrderEvent,
    Subscription,
    LicenseLine,
    LicenseSnapshot,
    Trial,
    Invoice,
    Device,
    PhoneNumber,
    CallLeg,
    CallingWeek,
    CallingCustomerWeek,
    CallingEndpointWeek,
    AuditOutboxEntry,
    CallingUsageWeek,
    CallingPartnerWeek,
    CustomerListRow,
    CustomerListTag,
    CustomerListState,
    CustomerListPartner,
    AnalyticsLine,
    AnalyticsCustomer,
    AnalyticsBandDay,
    AnalyticsWeek,
  ],
} as const;

/**
 * The customer list's search index (hand-written region migration 20261126050000): an FTS5 table and its
 * shadow tables on SQLite, a pg_trgm-indexed copy on PostgreSQL. Not entities, so the schema diff skips them.
 */
export const SEARCH_INDEX_TABLES = [/^customer_list_search(_|$)/] as const;

/** The MikroORM options of one store; `migrationsPath` is only needed to generate migrations. */
export function storeOptions(store: StoreName, target: DatabaseTarget, migrationsPath?: string): Options {
  const kind: StoreKind = store === 'directory' ? 'directory' : 'region';
  const common: Options = {
    contextName: store,
    entities: [...ENTITIES[kind]],
    extensions: [Migrator],
    // Region writes keep the customer list's summary rows in step, in their own transaction.
    subscribers: kind === 'region' ? [new CustomerListSubscriber()] : [],
    allowGlobalContext: false,
    colors: false,
    logger: (message) => ormLogger.log(message),
    discovery: { disableDynamicFileAccess: true },
    schemaGenerator: { skipTables: [...SEARCH_INDEX_TABLES] },
    migrations: {
      migrationsList: MIGRATIONS[target.driver][kind],
      path: migrationsPath,
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
    },
  };
  return target.driver === 'sqlite'
    ? { ...common, driver: BetterSqliteDriver, dbName: target.file }
    : { ...common, driver: PostgreSqlDriver, clientUrl: target.url };
}

/** Key of the PostgreSQL advisory lock a replica holds while it migrates a store (advisory locks are per database). */
const MIGRATION_LOCK = 7_164_250_311;

/**
 * Runs `work` (a store's migrations) holding the database's migration lock on PostgreSQL, so replicas
 * that start together migrate one after the other: the next finds nothing pending. Without it they
 * raced on the same DDL (`duplicate key value violates unique constraint "pg_type_typname_nsp_index"`).
 * The lock lives on a connection of its own; SQLite stores belong to one process and need none.
 */
async function withMigrationLock<T>(target: DatabaseTarget, work: () => Promise<T>): Promise<T> {
  if (target.driver !== 'postgresql') return work();
  const lock = knex({ client: 'pg', connection: target.url, pool: { min: 1, max: 1 } });
  try {
    await lock.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK]);
    try {
      return await work();
    } finally {
      await lock.raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK]);
    }
  } finally {
    await lock.destroy();
  }
}

/** Opens one store and applies its pending migrations (one replica at a time, see {@link withMigrationLock}). */
export async function openStore(store: StoreName, target: DatabaseTarget): Promise<MikroORM> {
  if (target.driver === 'sqlite') mkdirSync(dirname(target.file), { recursive: true });
  const orm = await MikroORM.init(storeOptions(store, target));
  try {
    await withMigrationLock(target, () => orm.getMigrator().up());
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}

/** A value bound to or read from a query. */
export type SqlValue = string | number | bigint | boolean | Date | Buffer | null;

/** What the store reads with `rows` need of a better-sqlite3 statement and database (the ORM's own connection). */
interface SqliteStatement {
  raw(toggle: boolean): SqliteStatement;
  columns(): { name: string }[];
  all(params: unknown[]): unknown[][];
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
}
/** A prepared read and the function that turns one of its raw rows into an object keyed by column name. */
interface PreparedRead {
  statement: SqliteStatement;
  toObject: (values: unknown[]) => Record<string, unknown>;
}

/** Prepared reads kept per SQLite connection (least recently used dropped first). */
const PREPARED_READS = 256;
const preparedReads = new WeakMap<SqliteDatabase, Map<string, PreparedRead>>();

/** The prepared read of `sql` on `db`, from the connection's cache. */
export function preparedRead(db: SqliteDatabase, sql: string): PreparedRead {
  let cache = preparedReads.get(db);
  if (!cache) {
    cache = new Map();
    preparedReads.set(db, cache);
  }
  let read = cache.get(sql);
  if (read) {
    cache.delete(sql);
  } else {
    const statement = db.prepare(sql).raw(true);
    const names = statement.columns().map((column) => column.name);
    // One object shape per statement: a literal with the statement's column names (compiled once).
    const toObject = new Function('v', `return { ${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')} };`) as PreparedRead['toObject'];
    read = { statement, toObject };
    if (cache.size >= PREPARED_READS) cache.delete(cache.keys().next().value as string);
  }
  cache.set(sql, read);
  return read;
}

/** The directory store and the four region stores; routes work to the right one. */
export class RegionStores {
  /** Stores on SQLite. */
  private readonly sqlite: Set<StoreName>;

  private constructor(private readonly orms: Record<StoreName, MikroORM>) {
    this.sqlite = new Set(STORES.filter((store) => this.dialect(store) === 'sqlite'));
  }

  /**
   * Rows of a read-only SQL query (`?` placeholders) on one store, outside any transaction. On SQLite
   * the statement is prepared once per connection and kept, and rows come back as arrays turned into
   * objects by a function made for the statement's columns: reads that run on every request (the
   * session, a scoped admin's customers, the calling sections) then cost little more than SQLite's own
   * work. The ORM's connection is taken from its pool for the call, so the read waits for a running
   * transaction like any other query. On PostgreSQL it is the connection's `execute`.
   */
  async rows<T>(store: StoreName, sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const connection = this.orms[store].em.getConnection() as unknown as {
      execute<R>(sql: string, params: unknown[]): Promise<R>;
      getKnex(): { client: { acquireConnection(): Promise<SqliteDatabase>; releaseConnection(db: SqliteDatabase): Promise<void> } };
    };
    if (!this.sqlite.has(store)) return connection.execute<T[]>(sql, [...params]);
    const { client } = connection.getKnex();
    const db = await client.acquireConnection();
    try {
      const { statement, toObject } = preparedRead(db, sql);
      const bound = params.map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value));
      return statement.all(bound).map(toObject) as T[];
    } finally {
      await client.releaseConnection(db);
    }
  }

  /** Opens and migrates every store of the config. */
  static async open(config: AppConfig): Promise<RegionStores> {
    const opened: Partial<Record<StoreName, MikroORM>> = {};
    try {
      for (const store of STORES) opened[store] = await openStore(store, config.databases[store]);
    } catch (error) {
      await Promise.all(Object.values(opened).map((orm) => orm.close(true)));
      throw error;
    }
    return new RegionStores(opened as Record<StoreName, MikroORM>);
  }

  /** A fresh entity manager on the region's store; rejects anything that is not one of `REGIONS`. */
  forRegion(region: Region): StoreEntityManager {
    if (!isRegion(region)) throw new AppError(ErrorCode.InvalidRegion, 'Unknown region');
    return this.orms[region].em.fork() as StoreEntityManager;
  }

  /** A fresh entity manager on the partner-level directory store. */
  directory(): StoreEntityManager {
    return this.orms.directory.em.fork() as StoreEntityManager;
  }

  /** The ORM of one store (migrations, schema checks, shutdown). */
  orm(store: StoreName): MikroORM {
    return this.orms[store];
  }

  /** The SQL dialect of one store. */
  dialect(store: StoreName): 'sqlite' | 'postgresql' {
    return this.orms[store].config.get('driver')?.name === 'PostgreSqlDriver' ? 'postgresql' : 'sqlite';
  }

  /** Runs `select 1` on every store; returns the stores that did not answer. */
  async failingStores(): Promise<StoreName[]> {
    const results = await Promise.all(
      STORES.map(async (store) => {
        try {
          await this.orms[store].em.getConnection().execute('select 1');
          return null;
        } catch {
          return store;
        }
      }),
    );
    return results.filter((store): store is StoreName => store !== null);
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await Promise.all(STORES.map((store) => this.orms[store].close(true)));
  }
}
