import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003724 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "saved_view" ("id" uuid not null, "partner_id" uuid not null, "owner_id" uuid not null, "name" varchar(60) not null, "name_key" varchar(240) not null, "query" text not null, "tag_names" jsonb not null, "shared" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "saved_view_pkey" primary key ("id"));`);
    this.addSql(`create index "saved_view_partner_id_shared_index" on "saved_view" ("partner_id", "shared");`);
    this.addSql(`alter table "saved_view" add constraint "saved_view_owner_id_name_key_unique" unique ("owner_id", "name_key");`);

    this.addSql(`alter table "saved_view" add constraint "saved_view_owner_id_foreign" foreign key ("owner_id") references "partner_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "saved_view" cascade;`);
  }

}
