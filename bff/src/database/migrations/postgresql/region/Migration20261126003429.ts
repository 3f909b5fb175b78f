import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003429 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_outbox" ("id" uuid not null, "created_at" timestamptz not null, "event" jsonb not null, constraint "audit_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_outbox_created_at_index" on "audit_outbox" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_outbox" cascade;`);
  }

}
