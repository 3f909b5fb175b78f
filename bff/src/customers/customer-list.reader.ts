import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type StoreName } from '../config/config';
import { RegionStores } from '../database/stores';
import type { Sql } from './customer-status';

interface SqliteStatement {
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  close(): void;
}
// better-sqlite3 ships no types; this is the slice of its API used here.
const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteConnection;

/** Prepared statements kept per SQLite connection (one per filter/sort shape the list has been asked). */
const STATEMENTS_PER_STORE = 500;

/** Runs read statements. */
export type ReadSql = <T>(store: StoreName, sql: Sql) => Promise<T[]>;

/**
 * The customer list's reads: on SQLite from a read-only connection of its own per store that keeps its
 * prepared statements (the ORM's connection prepares every statement again and stays free for writes;
 * a read sees committed data only); on PostgreSQL through the store's pool.
 */
@Injectable()
export class CustomerListReader implements OnApplicationShutdown {
  private readonly connections = new Map<StoreName, { db: SqliteConnection; statements: Map<string, SqliteStatement> }>();

  constructor(
    private readonly stores: RegionStores,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The rows of `sql` on `store`. */
  readonly read: ReadSql = async <T>(store: StoreName, sql: Sql): Promise<T[]> => {
    const target = this.config.databases[store];
    if (target.driver === 'postgresql') {
      const em = store === 'directory' ? this.stores.directory() : this.stores.forRegion(store);
      return em.getConnection().execute<T[]>(sql.text, sql.params);
    }
    let connection = this.connections.get(store);
    if (!connection) {
      connection = { db: new Database(target.file, { readonly: true, fileMustExist: true }), statements: new Map() };
      this.connections.set(store, connection);
    }
    let statement = connection.statements.get(sql.text);
    if (statement) {
      // Most recently used last: the first entry is the one to drop.
      connection.statements.delete(sql.text);
    } else {
      statement = connection.db.prepare(sql.text);
      if (connection.statements.size >= STATEMENTS_PER_STORE) connection.statements.delete(connection.statements.keys().next().value!);
    }
    connection.statements.set(sql.text, statement);
    return statement.all(...sql.params) as T[];
  };

  onApplicationShutdown(): void {
    for (const { db } of this.connections.values()) db.close();
    this.connections.clear();
  }
}
