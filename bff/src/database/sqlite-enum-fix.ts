import { BaseSqliteSchemaHelper } from '@mikro-orm/better-sqlite';

const ENUM_CHECK = /[`["']([^`\]"']+)[`\]"'] text check \(\s*[`["'][^`\]"']+[`\]"'] in \(((?:\s*'(?:[^']|'')*'\s*,?)+)\)\s*\)/gi;
const QUOTED = /'((?:[^']|'')*)'/g;

/**
 * MikroORM 6.6.16 reads only the first and last item of a SQLite enum check constraint, so every
 * schema diff (and every generated SQLite migration) would rebuild tables with 3+-item enums.
 * This replaces that parser with one that reads every item. Remove once upstream is fixed.
 */
BaseSqliteSchemaHelper.prototype.getEnumDefinitions = async function (connection, _checks, tableName, _schemaName, ctx) {
  const table = await connection.execute<{ sql: string }>('select sql from sqlite_master where type = ? and name = ?', ['table', tableName], 'get', ctx);
  const enums: Record<string, string[]> = {};
  for (const [, column, items] of table.sql.matchAll(ENUM_CHECK)) {
    enums[column] = [...items.matchAll(QUOTED)].map(([, item]) => item.replace(/''/g, "'"));
  }
  return enums;
};
