import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: the customer list's substring search index (customer-list.sql.ts `searchCte`). An
 * external-content FTS5 table with the trigram tokenizer over `customer_list_row.search_key` (by rowid),
 * kept in step by triggers in the same transaction as every write to the row. The schema diff skips
 * `customer_list_search*` (stores.ts `SEARCH_INDEX_TABLES`).
 */
export class Migration20261126050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create virtual table \`customer_list_search\` using fts5(search_key, content='customer_list_row', content_rowid='rowid', tokenize='trigram');`);
    this.addSql(`create trigger \`customer_list_search_insert\` after insert on \`customer_list_row\` begin
  insert into customer_list_search (rowid, search_key) values (new.rowid, new.search_key);
end;`);
    this.addSql(`create trigger \`customer_list_search_delete\` after delete on \`customer_list_row\` begin
  insert into customer_list_search (customer_list_search, rowid, search_key) values ('delete', old.rowid, old.search_key);
end;`);
    this.addSql(`create trigger \`customer_list_search_update\` after update of search_key on \`customer_list_row\` begin
  insert into customer_list_search (customer_list_search, rowid, search_key) values ('delete', old.rowid, old.search_key);
  insert into customer_list_search (rowid, search_key) values (new.rowid, new.search_key);
end;`);
    this.addSql(`insert into \`customer_list_search\` (\`customer_list_search\`) values ('rebuild');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger \`customer_list_search_update\`;`);
    this.addSql(`drop trigger \`customer_list_search_delete\`;`);
    this.addSql(`drop trigger \`customer_list_search_insert\`;`);
    this.addSql(`drop table \`customer_list_search\`;`);
  }

}
