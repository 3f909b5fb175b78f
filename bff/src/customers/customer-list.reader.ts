import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type StoreName } from '../config/config';
import { preparedRead, RegionStores, type SqlValue, type SqliteDatabase } from '../database/stores';
import type { Sql } from './customer-status';

interface SqliteConnection extends SqliteDatabase {
  close(): void;
}
// better-sqlite3 ships no types; this is the slice of its API used here.
const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteConnection;

/** Runs read statements. */
export type ReadSql = <T>(store: StoreName, sql: Sql) => Promise<T[]>;

/**
 * The customer list's reads: on SQLite from a read-only connection of its own per store, whose prepared
 * statements are kept like those of {@link RegionStores.rows} (so the ORM's connection stays free for
 * writes, and a read sees committed data only); on PostgreSQL through {@link RegionStores.rows}.
 */
@Injectable()
export class CustomerListReader implements OnApplicationShutdown {
  private readonly connections = new Map<StoreName, SqliteConnection>();

  constructor(
    private readonly stores: RegionStores,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The rows of `sql` on `store`. */
  readonly read: ReadSql = async <T>(store: StoreName, sql: Sql): Promise<T[]> => {
    const target = this.config.databases[store];
    if (target.driver === 'postgresql') return this.stores.rows<T>(store, sql.text, sql.params as SqlValue[]);
    let db = this.connections.get(store);
    if (!db) {
      db = new Database(target.file, { readonly: true, fileMustExist: true });
      this.connections.set(store, db);
    }
    const { statement, toObject } = preparedRead(db, sql.text);
    return statement.all(sql.params).map(toObject) as T[];
  };

  onApplicationShutdown(): void {
    for (const db of this.connections.values()) db.close();
    this.connections.clear();
  }
}
