import { Migration } from '@mikro-orm/migrations';

export class Migration20261125202809 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer" ("id" uuid not null, "partner_id" uuid not null, "name" varchar(200) not null, "country" varchar(2) not null, "contact_name" varchar(200) not null, "contact_email" varchar(320) not null, "last_admin_sign_in_at" timestamptz null, constraint "customer_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_partner_id_index" on "customer" ("partner_id");`);

    this.addSql(`create table "subscription" ("id" varchar(40) not null, "customer_id" uuid not null, "kind" text check ("kind" in ('PAID', 'TRIAL')) not null, "start_date" date not null, "end_date" date not null, "auto_renew" boolean not null default false, "billing_state" text check ("billing_state" in ('ACTIVE', 'UNPAID', 'SUSPENDED', 'CANCELLED')) not null default 'ACTIVE', constraint "subscription_pkey" primary key ("id"));`);

    this.addSql(`create table "license_line" ("id" uuid not null, "subscription_id" varchar(40) not null, "product" text check ("product" in ('MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER')) not null, "purchased" int not null, "assigned" int not null, "used" int not null, constraint "license_line_pkey" primary key ("id"));`);

    this.addSql(`alter table "subscription" add constraint "subscription_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "license_line" add constraint "license_line_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "subscription" drop constraint "subscription_customer_id_foreign";`);

    this.addSql(`alter table "license_line" drop constraint "license_line_subscription_id_foreign";`);

    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "subscription" cascade;`);

    this.addSql(`drop table if exists "license_line" cascade;`);
  }

}
