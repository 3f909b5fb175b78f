import type { MikroORM } from '@mikro-orm/core';

/** The part of a better-sqlite3 database the writer uses. */
export interface SqliteDatabase {
  prepare(sql: string): { run(params: unknown[]): unknown };
  exec(sql: string): unknown;
}
/** The part of a pg client the writer uses. */
interface PgClient {
  query(sql: string, values?: unknown[]): Promise<unknown>;
}

/** A table as the bulk writer sees it: column order of every row, and which columns hold epoch-ms timestamps. */
export interface BulkTable {
  name: string;
  columns: readonly string[];
  /** Columns given as epoch milliseconds (SQLite stores them so; PostgreSQL gets a Date). */
  timestamps?: readonly string[];
}

/** One row: values in the table's column order; booleans as 0/1, dates as `YYYY-MM-DD`, timestamps as epoch ms. */
export type BulkRow = unknown[];

/** Rows per buffered chunk and per PostgreSQL multi-row INSERT (65 535 parameters at most). */
const ROWS_PER_STATEMENT = 200;
/** Buffered rows (all tables) that trigger a write. */
const ROWS_PER_FLUSH = 4_000;
/** Rows per transaction. */
const ROWS_PER_TRANSACTION = 100_000;

/** Raw connection internals MikroORM's knex holds: the better-sqlite3 database or a pg pool client. */
interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/**
 * Buffers rows per table and writes them inside large transactions on the connection MikroORM
 * already holds: one prepared better-sqlite3 statement per table on SQLite (measured here: faster
 * than 10-, 25- or 100-row statements, as binding dominates), multi-row parameterised INSERTs on
 * PostgreSQL. Memory stays bounded by the buffered rows.
 */
export class BulkInserter {
  private readonly buffers = new Map<BulkTable, BulkRow[]>();
  private readonly statements = new Map<string, { run(params: unknown[]): unknown }>();
  private connection: unknown = null;
  private inTransaction = 0;
  private transactionOpen = false;
  private buffered = 0;
  /** Rows written so far, per table name. */
  readonly written = new Map<string, number>();

  private constructor(
    private readonly orm: MikroORM,
    private readonly dialect: 'sqlite' | 'postgresql',
  ) {}

  /** A writer on one store's connection for `tables`, listed parents first; call {@link close} when done. */
  static async open(orm: MikroORM, tables: readonly BulkTable[]): Promise<BulkInserter> {
    const dialect = orm.config.get('driver')?.name === 'PostgreSqlDriver' ? 'postgresql' : 'sqlite';
    const sut = new BulkInserter(orm, dialect);
    for (const table of tables) sut.buffers.set(table, []);
    sut.connection = await sut.client().acquireConnection();
    // A bigger page cache while writing keeps random index inserts off the disk (bounded: 64 MB).
    // Demo/bulk data can be regenerated, so commits skip fsync while writing; restored on close.
    if (dialect === 'sqlite') (sut.connection as SqliteDatabase).exec('pragma cache_size = -32768; pragma synchronous = off');
    return sut;
  }

  private client(): KnexClient {
    const knex = (this.orm.em.getConnection() as unknown as { getKnex(): { client: KnexClient } }).getKnex();
    return knex.client;
  }

  /** Queues one row; returns true when enough rows are buffered that the caller should `await drain()`. */
  add(table: BulkTable, row: BulkRow): boolean {
    const buffer = this.buffers.get(table);
    if (!buffer) throw new Error(`BulkInserter was not opened for table ${table.name}`);
    buffer.push(row);
    return ++this.buffered >= ROWS_PER_FLUSH;
  }

  /** Queues one row, writing the buffers (every table, parents first) when they are full. */
  async push(table: BulkTable, row: BulkRow): Promise<void> {
    if (this.add(table, row)) await this.drain();
  }

  /** Writes every buffered row, parents first (the transaction stays open). */
  async drain(): Promise<void> {
    await this.writeBuffers();
  }

  /** Writes every buffered row and commits. */
  async flush(): Promise<void> {
    await this.writeBuffers();
    await this.commit();
  }

  private async writeBuffers(): Promise<void> {
    for (const [table, buffer] of this.buffers) {
      for (let at = 0; at < buffer.length; at += ROWS_PER_STATEMENT) await this.write(table, buffer.slice(at, at + ROWS_PER_STATEMENT));
      buffer.length = 0;
    }
    this.buffered = 0;
  }

  /** Flushes and commits (or, after a failure, rolls back), then hands the connection back to MikroORM. */
  async close(): Promise<void> {
    if (this.connection === null) return;
    try {
      await this.flush();
    } catch (error) {
      await this.rollback();
      throw error;
    } finally {
      if (this.dialect === 'sqlite') (this.connection as SqliteDatabase).exec('pragma cache_size = -2000; pragma synchronous = full');
      await this.client().releaseConnection(this.connection);
      this.connection = null;
    }
  }

  /** Abandons the open transaction, if any. */
  async rollback(): Promise<void> {
    for (const buffer of this.buffers.values()) buffer.length = 0;
    this.buffered = 0;
    if (!this.transactionOpen) return;
    this.transactionOpen = false;
    this.inTransaction = 0;
    if (this.dialect === 'sqlite') (this.connection as SqliteDatabase).exec('rollback');
    else await (this.connection as PgClient).query('rollback');
  }

  private async write(table: BulkTable, rows: BulkRow[]): Promise<void> {
    if (!this.transactionOpen) await this.begin();
    if (this.dialect === 'sqlite') this.writeSqlite(table, rows);
    else await this.writePostgres(table, rows);
    this.written.set(table.name, (this.written.get(table.name) ?? 0) + rows.length);
    this.inTransaction += rows.length;
    if (this.inTransaction >= ROWS_PER_TRANSACTION) await this.commit();
  }

  private writeSqlite(table: BulkTable, rows: BulkRow[]): void {
    let statement = this.statements.get(table.name);
    if (!statement) {
      statement = (this.connection as SqliteDatabase).prepare(insertSql(table, 1, () => '?'));
      this.statements.set(table.name, statement);
    }
    for (const row of rows) statement.run(row);
  }

  private async writePostgres(table: BulkTable, rows: BulkRow[]): Promise<void> {
    const timestampIndexes = (table.timestamps ?? []).map((column) => table.columns.indexOf(column));
    const values: unknown[] = [];
    for (const row of rows) {
      for (const index of timestampIndexes) if (typeof row[index] === 'number') row[index] = new Date(row[index] as number);
      values.push(...row);
    }
    let n = 0;
    await (this.connection as PgClient).query(insertSql(table, rows.length, () => `$${++n}`), values);
  }

  private async begin(): Promise<void> {
    if (this.dialect === 'sqlite') (this.connection as SqliteDatabase).exec('begin');
    else await (this.connection as PgClient).query('begin');
    this.transactionOpen = true;
    this.inTransaction = 0;
  }

  private async commit(): Promise<void> {
    if (!this.transactionOpen) return;
    if (this.dialect === 'sqlite') (this.connection as SqliteDatabase).exec('commit');
    else await (this.connection as PgClient).query('commit');
    this.transactionOpen = false;
    this.inTransaction = 0;
  }
}

/** `insert into t (a, b) values (?, ?), (?, ?)` for `rows` rows. */
export function insertSql(table: BulkTable, rows: number, placeholder: () => string): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) tuples.push(`(${table.columns.map(placeholder).join(', ')})`);
  return `insert into "${table.name}" (${table.columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
}
