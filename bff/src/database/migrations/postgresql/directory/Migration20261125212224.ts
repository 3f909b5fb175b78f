import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212224 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_lease" ("name" varchar(64) not null, "holder" varchar(64) not null, "expires_at" timestamptz not null, constraint "job_lease_pkey" primary key ("name"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_lease" cascade;`);
  }

}
