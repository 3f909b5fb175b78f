import { Migration } from '@mikro-orm/migrations';

export class Migration20261125202809 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "partner" ("id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null, constraint "partner_pkey" primary key ("id"));`);

    this.addSql(`create table "customer_directory_entry" ("id" uuid not null, "partner_id" uuid not null, "name" varchar(200) not null, "country" varchar(2) not null, "region" text check ("region" in ('US', 'CA', 'EU', 'AE')) not null, "external_id" varchar(100) null, "managed_by" text check ("managed_by" in ('EXTERNAL_ADMIN', 'PARTNER_ORG')) not null, "created_at" timestamptz not null, constraint "customer_directory_entry_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_directory_entry_region_index" on "customer_directory_entry" ("region");`);

    this.addSql(`create table "report_template" ("id" uuid not null, "partner_id" uuid null, "key" varchar(100) not null, "name" varchar(200) not null, constraint "report_template_pkey" primary key ("id"));`);
    this.addSql(`alter table "report_template" add constraint "report_template_partner_id_key_unique" unique ("partner_id", "key");`);

    this.addSql(`alter table "customer_directory_entry" add constraint "customer_directory_entry_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);

    this.addSql(`alter table "report_template" add constraint "report_template_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_directory_entry" drop constraint "customer_directory_entry_partner_id_foreign";`);

    this.addSql(`alter table "report_template" drop constraint "report_template_partner_id_foreign";`);

    this.addSql(`drop table if exists "partner" cascade;`);

    this.addSql(`drop table if exists "customer_directory_entry" cascade;`);

    this.addSql(`drop table if exists "report_template" cascade;`);
  }

}
