import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003427 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "password_token" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "purpose" text check ("purpose" in ('INVITE', 'RESET')) not null, "created_by_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "password_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "password_token" add constraint "password_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "password_token_user_id_used_at_revoked_at_index" on "password_token" ("user_id", "used_at", "revoked_at");`);

    this.addSql(`alter table "password_token" add constraint "password_token_user_id_foreign" foreign key ("user_id") references "partner_user" ("id") on update cascade;`);

    this.addSql(`alter table "audit_event" add column "event_id" uuid null;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_event_id_unique" unique ("event_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "password_token" cascade;`);

    this.addSql(`alter table "audit_event" drop constraint "audit_event_event_id_unique";`);
    this.addSql(`alter table "audit_event" drop column "event_id";`);
  }

}
