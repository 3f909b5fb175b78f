import { Migration } from '@mikro-orm/migrations';

export class Migration20261126012546 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_list_change" ("id" serial primary key, "region" text check ("region" in ('US', 'CA', 'EU', 'AE')) not null, "customer_id" uuid null, "tag_id" uuid null, "created_at" timestamptz not null);`);
    this.addSql(`create index "customer_list_change_region_id_index" on "customer_list_change" ("region", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_list_change" cascade;`);
  }

}
