import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: the customer list's substring search index (customer-list.sql.ts `searchCte`). A copy
 * of `customer_list_row.search_key` with a pg_trgm GIN index, kept in step by a trigger in the same
 * transaction as every write to the row (the index lives on its own table so the schema diff, which
 * skips `customer_list_search*` (stores.ts `SEARCH_INDEX_TABLES`), does not drop it).
 */
export class Migration20261126050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "customer_list_search" ("customer_id" uuid not null, "search_key" text not null, constraint "customer_list_search_pkey" primary key ("customer_id"));`);
    this.addSql(`insert into "customer_list_search" ("customer_id", "search_key") select "customer_id", "search_key" from "customer_list_row";`);
    this.addSql(`create index "customer_list_search_trgm" on "customer_list_search" using gin ("search_key" gin_trgm_ops);`);
    this.addSql(`create function "customer_list_search_sync"() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    delete from customer_list_search where customer_id = old.customer_id;
    return old;
  end if;
  insert into customer_list_search (customer_id, search_key) values (new.customer_id, new.search_key)
    on conflict (customer_id) do update set search_key = excluded.search_key;
  if tg_op = 'UPDATE' and old.customer_id <> new.customer_id then
    delete from customer_list_search where customer_id = old.customer_id;
  end if;
  return new;
end
$$;`);
    this.addSql(`create trigger "customer_list_search_sync" after insert or delete or update of "search_key", "customer_id" on "customer_list_row" for each row execute function "customer_list_search_sync"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "customer_list_search_sync" on "customer_list_row";`);
    this.addSql(`drop function "customer_list_search_sync"();`);
    this.addSql(`drop table "customer_list_search";`);
  }

}
