import { Migration } from '@mikro-orm/migrations';

export class Migration20261125204552 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("id" serial primary key, "at" timestamptz not null, "actor_id" uuid null, "actor_email" varchar(320) null, "partner_id" uuid null, "region" text check ("region" in ('US', 'CA', 'EU', 'AE')) null, "action" varchar(100) not null, "target_type" varchar(50) null, "target_id" varchar(320) null, "customer_id" uuid null, "before" jsonb null, "after" jsonb null, "outcome" text check ("outcome" in ('SUCCESS', 'DENIED', 'FAILURE')) not null, "reason" varchar(100) null, "request_id" varchar(100) null);`);
    this.addSql(`create index "audit_event_at_index" on "audit_event" ("at");`);
    this.addSql(`create index "audit_event_action_index" on "audit_event" ("action");`);
    this.addSql(`create index "audit_event_target_id_index" on "audit_event" ("target_id");`);
    this.addSql(`create index "audit_event_customer_id_index" on "audit_event" ("customer_id");`);
    this.addSql(`create index "audit_event_partner_id_id_index" on "audit_event" ("partner_id", "id");`);

    this.addSql(`create table "organization_setup" ("partner_id" uuid not null, "terms_version" varchar(20) not null, "accepted_by_id" uuid not null, "accepted_at" timestamptz not null, constraint "organization_setup_pkey" primary key ("partner_id"));`);

    this.addSql(`create table "partner_api_key" ("id" uuid not null, "partner_id" uuid not null, "name" varchar(100) not null, "prefix" varchar(16) not null, "key_hash" varchar(64) not null, "created_by_id" uuid null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "partner_api_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "partner_api_key" add constraint "partner_api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "partner_user" ("id" uuid not null, "partner_id" uuid not null, "email" varchar(320) not null, "display_name" varchar(200) not null, "role" text check ("role" in ('FULL_ADMIN', 'ADMIN', 'READ_ONLY', 'SALES_FULL_ADMIN', 'SALES_ADMIN', 'HELP_DESK')) not null, "password_hash" varchar(200) null, "oidc_issuer" varchar(500) null, "oidc_subject" varchar(255) null, "created_by_id" uuid null, "created_at" timestamptz not null, constraint "partner_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "partner_user" add constraint "partner_user_email_unique" unique ("email");`);
    this.addSql(`alter table "partner_user" add constraint "partner_user_oidc_issuer_oidc_subject_unique" unique ("oidc_issuer", "oidc_subject");`);

    this.addSql(`create table "customer_admin_assignment" ("id" uuid not null, "customer_id" uuid not null, "user_id" uuid not null, "kind" text check ("kind" in ('ASSIGNED', 'CREATED')) not null default 'ASSIGNED', "assigned_by_id" uuid null, "created_at" timestamptz not null, constraint "customer_admin_assignment_pkey" primary key ("id"));`);
    this.addSql(`alter table "customer_admin_assignment" add constraint "customer_admin_assignment_customer_id_user_id_kind_unique" unique ("customer_id", "user_id", "kind");`);

    this.addSql(`create table "auth_session" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "method" varchar(20) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, "ip" varchar(64) null, "user_agent" varchar(300) null, constraint "auth_session_pkey" primary key ("id"));`);
    this.addSql(`alter table "auth_session" add constraint "auth_session_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "partner_api_key" add constraint "partner_api_key_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);

    this.addSql(`alter table "partner_user" add constraint "partner_user_partner_id_foreign" foreign key ("partner_id") references "partner" ("id") on update cascade;`);

    this.addSql(`alter table "customer_admin_assignment" add constraint "customer_admin_assignment_customer_id_foreign" foreign key ("customer_id") references "customer_directory_entry" ("id") on update cascade;`);
    this.addSql(`alter table "customer_admin_assignment" add constraint "customer_admin_assignment_user_id_foreign" foreign key ("user_id") references "partner_user" ("id") on update cascade;`);

    this.addSql(`alter table "auth_session" add constraint "auth_session_user_id_foreign" foreign key ("user_id") references "partner_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_admin_assignment" drop constraint "customer_admin_assignment_user_id_foreign";`);

    this.addSql(`alter table "auth_session" drop constraint "auth_session_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "organization_setup" cascade;`);

    this.addSql(`drop table if exists "partner_api_key" cascade;`);

    this.addSql(`drop table if exists "partner_user" cascade;`);

    this.addSql(`drop table if exists "customer_admin_assignment" cascade;`);

    this.addSql(`drop table if exists "auth_session" cascade;`);
  }

}
