import { Migration } from '@mikro-orm/migrations';

export class Migration20261125215525 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "report_run" ("id" uuid not null, "partner_id" uuid not null, "template_id" uuid not null, "template_name" varchar(200) not null, "kind" varchar(50) not null, "region" text check ("region" in ('US', 'CA', 'EU', 'AE')) null, "regions" jsonb null, "locale" varchar(5) not null, "headers" varchar(10) not null, "columns" jsonb null, "period_from" timestamptz null, "period_to" timestamptz null, "status" text check ("status" in ('RUNNING', 'SUCCEEDED', 'FAILED')) not null default 'RUNNING', "rows" int not null default 0, "bytes" bigint null, "created_by_id" uuid not null, "created_by_email" varchar(320) not null, "created_at" timestamptz not null, "finished_at" timestamptz null, "expires_at" timestamptz not null, "error" varchar(500) null, constraint "report_run_pkey" primary key ("id"));`);
    this.addSql(`create index "report_run_partner_id_created_at_index" on "report_run" ("partner_id", "created_at");`);

    this.addSql(`create table "report_schedule" ("id" uuid not null, "partner_id" uuid not null, "template_id" uuid not null, "template_name" varchar(200) not null, "region" text check ("region" in ('US', 'CA', 'EU', 'AE')) not null, "locale" varchar(5) not null, "headers" varchar(10) not null, "frequency" text check ("frequency" in ('DAILY', 'WEEKLY', 'MONTHLY')) not null, "time_of_day" varchar(5) not null, "weekday" int null, "day_of_month" int null, "time_zone" varchar(64) not null, "owner_id" uuid not null, "owner_email" varchar(320) not null, "next_run_at" timestamptz not null, "created_at" timestamptz not null, constraint "report_schedule_pkey" primary key ("id"));`);
    this.addSql(`create index "report_schedule_next_run_at_index" on "report_schedule" ("next_run_at");`);

    this.addSql(`create table "report_schedule_occurrence" ("id" uuid not null, "schedule_id" uuid not null, "occurrence_at" timestamptz not null, "status" text check ("status" in ('RUNNING', 'SUCCEEDED', 'FAILED', 'REFUSED')) not null default 'RUNNING', "attempts" int not null default 1, "retry_at" timestamptz null, "lease_until" timestamptz not null, "run_id" uuid null, "error" varchar(500) null, constraint "report_schedule_occurrence_pkey" primary key ("id"));`);
    this.addSql(`create index "report_schedule_occurrence_status_retry_at_index" on "report_schedule_occurrence" ("status", "retry_at");`);
    this.addSql(`alter table "report_schedule_occurrence" add constraint "report_schedule_occurrence_schedule_id_occurrence_at_unique" unique ("schedule_id", "occurrence_at");`);

    this.addSql(`alter table "report_run" add constraint "report_run_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);

    this.addSql(`alter table "report_schedule" add constraint "report_schedule_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);

    this.addSql(`alter table "report_template" add column "base_key" varchar(50) null, add column "columns" jsonb null, add column "customer_ids" jsonb null, add column "period_from" timestamptz null, add column "period_to" timestamptz null, add column "created_by_id" uuid null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "report_run" cascade;`);

    this.addSql(`drop table if exists "report_schedule" cascade;`);

    this.addSql(`drop table if exists "report_schedule_occurrence" cascade;`);

    this.addSql(`alter table "report_template" drop column "base_key", drop column "columns", drop column "customer_ids", drop column "period_from", drop column "period_to", drop column "created_by_id";`);
  }

}
