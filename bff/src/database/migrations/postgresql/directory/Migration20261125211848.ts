import { Migration } from '@mikro-orm/migrations';

export class Migration20261125211848 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "partner_customer_settings" ("partner_id" uuid not null, "expiring_soon_days" int not null default 30, "no_recent_activity_days" int not null default 30, constraint "partner_customer_settings_pkey" primary key ("partner_id"));`);

    this.addSql(`create table "customer_tag" ("id" uuid not null, "partner_id" uuid not null, "name" varchar(25) not null, "name_key" varchar(25) not null, "color" varchar(7) not null, "description" varchar(200) null, "created_at" timestamptz not null, constraint "customer_tag_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_tag_partner_id_index" on "customer_tag" ("partner_id");`);
    this.addSql(`alter table "customer_tag" add constraint "customer_tag_partner_id_name_key_unique" unique ("partner_id", "name_key");`);

    this.addSql(`create table "customer_tag_assignment" ("id" uuid not null, "tag_id" uuid not null, "customer_id" uuid not null, constraint "customer_tag_assignment_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_tag_assignment_customer_id_index" on "customer_tag_assignment" ("customer_id");`);
    this.addSql(`alter table "customer_tag_assignment" add constraint "customer_tag_assignment_tag_id_customer_id_unique" unique ("tag_id", "customer_id");`);

    this.addSql(`alter table "customer_tag_assignment" add constraint "customer_tag_assignment_tag_id_foreign" foreign key ("tag_id") references "customer_tag" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "customer_tag_assignment" add constraint "customer_tag_assignment_customer_id_foreign" foreign key ("customer_id") references "customer_directory_entry" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_tag_assignment" drop constraint "customer_tag_assignment_tag_id_foreign";`);

    this.addSql(`drop table if exists "partner_customer_settings" cascade;`);

    this.addSql(`drop table if exists "customer_tag" cascade;`);

    this.addSql(`drop table if exists "customer_tag_assignment" cascade;`);
  }

}
