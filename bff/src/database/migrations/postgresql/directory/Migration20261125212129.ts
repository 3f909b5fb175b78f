import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212129 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "report_run" ("id" uuid not null, "partner_id" uuid not null, "template_id" uuid not null, "template_name" varchar(200) not null, "kind" varchar(50) not null, "region" text check ("region" in ('US', 'CA', 'EU', 'AE')) not null, "locale" varchar(5) not null, "headers" varchar(10) not null, "period_from" timestamptz null, "period_to" timestamptz null, "status" text check ("status" in ('RUNNING', 'SUCCEEDED', 'FAILED')) not null default 'RUNNING', "rows" int not null default 0, "bytes" bigint null, "created_by_id" uuid not null, "created_by_email" varchar(320) not null, "created_at" timestamptz not null, "finished_at" timestamptz null, "expires_at" timestamptz not null, "error" varchar(500) null, constraint "report_run_pkey" primary key ("id"));`);
    this.addSql(`create index "report_run_partner_id_created_at_index" on "report_run" ("partner_id", "created_at");`);

    this.addSql(`alter table "report_run" add constraint "report_run_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "report_run" cascade;`);
  }

}
