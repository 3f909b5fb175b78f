import { Migration } from '@mikro-orm/migrations';

export class Migration20261125213203 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "helpdesk_request" ("id" uuid not null, "created_at" timestamptz not null, "partner_id" uuid not null, "partner_name" varchar(200) not null, "user_id" uuid not null, "user_email" varchar(320) not null, "user_name" varchar(200) not null, "product" text check ("product" in ('CALLING', 'CONTACT_CENTER')) not null, "subject" varchar(200) not null, "message" text not null, "customer_region" text check ("customer_region" in ('US', 'CA', 'EU', 'AE')) null, "customer_id" uuid null, "customer_name" varchar(200) null, "channels" varchar(50) not null, "status" text check ("status" in ('QUEUED', 'RETRYING', 'DELIVERED', 'FAILED')) not null default 'QUEUED', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "lease_owner" varchar(100) null, "last_error" text null, "email_delivered_at" timestamptz null, "webhook_delivered_at" timestamptz null, "delivered_at" timestamptz null, constraint "helpdesk_request_pkey" primary key ("id"));`);
    this.addSql(`create index "helpdesk_request_partner_id_created_at_index" on "helpdesk_request" ("partner_id", "created_at");`);
    this.addSql(`create index "helpdesk_request_status_next_attempt_at_index" on "helpdesk_request" ("status", "next_attempt_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "helpdesk_request" cascade;`);
  }

}
