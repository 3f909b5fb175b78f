import { Migration } from '@mikro-orm/migrations';

export class Migration20261125203824 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "call_leg" ("id" varchar(64) not null, "customer_id" uuid not null, "call_id" varchar(64) not null, "started_at" timestamptz not null, "duration_seconds" int not null, "direction" text check ("direction" in ('INBOUND', 'OUTBOUND')) not null, "endpoint_type" text check ("endpoint_type" in ('DESK_PHONE', 'ROOM_DEVICE', 'APP', 'THIRD_PARTY')) not null, "audio" boolean not null, "video" boolean not null, "audio_jitter_ms" real null, "audio_latency_ms" real null, "audio_loss_pct" real null, "video_jitter_ms" real null, "video_latency_ms" real null, "video_loss_pct" real null, "app_to_app" boolean not null, "hunt_group" boolean not null, "auto_attendant" boolean not null, "call_queue" boolean not null, "queue_outcome" text check ("queue_outcome" in ('ANSWERED', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'TRANSFERRED')) null, "queue_wait_seconds" int null, "user_id" uuid null, constraint "call_leg_pkey" primary key ("id"));`);
    this.addSql(`create index "call_leg_started_at_index" on "call_leg" ("started_at");`);
    this.addSql(`create index "call_leg_customer_id_started_at_index" on "call_leg" ("customer_id", "started_at");`);

    this.addSql(`create table "customer" ("id" uuid not null, "partner_id" uuid not null, "name" varchar(200) not null, "country" varchar(2) not null, "contact_name" varchar(200) not null, "contact_email" varchar(320) not null, "contact_phone" varchar(32) null, "last_admin_sign_in_at" timestamptz null, "created_at" timestamptz not null, constraint "customer_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_partner_id_index" on "customer" ("partner_id");`);
    this.addSql(`create index "customer_name_id_index" on "customer" ("name", "id");`);

    this.addSql(`create table "location" ("id" uuid not null, "customer_id" uuid not null, "name" varchar(200) not null, "address" varchar(200) not null, "city" varchar(100) not null, "country" varchar(2) not null, "time_zone" varchar(64) not null, constraint "location_pkey" primary key ("id"));`);
    this.addSql(`create index "location_customer_id_name_index" on "location" ("customer_id", "name");`);

    this.addSql(`create table "device" ("id" uuid not null, "customer_id" uuid not null, "mac" varchar(17) not null, "model" varchar(100) not null, "firmware" varchar(50) not null, "location_id" uuid null, "user_id" uuid null, "phone_number" varchar(20) null, "extension" varchar(10) null, "external_id" varchar(100) null, constraint "device_pkey" primary key ("id"));`);
    this.addSql(`create index "device_customer_id_mac_index" on "device" ("customer_id", "mac");`);

    this.addSql(`create table "phone_number" ("id" uuid not null, "customer_id" uuid not null, "e164" varchar(20) null, "extension" varchar(10) null, "location_id" uuid null, "country" varchar(2) not null, "pstn_provider" varchar(100) null, "active" boolean not null, "user_type" text check ("user_type" in ('PERSON', 'AUTO_ATTENDANT', 'VIRTUAL_LINE', 'HUNT_GROUP', 'CALL_QUEUE', 'WORKSPACE', 'UNASSIGNED')) not null, "role" text check ("role" in ('PRIMARY', 'SECONDARY')) not null, "user_id" uuid null, "user_email" varchar(320) null, constraint "phone_number_pkey" primary key ("id"));`);
    this.addSql(`create index "phone_number_customer_id_e164_index" on "phone_number" ("customer_id", "e164");`);

    this.addSql(`create table "subscription" ("id" varchar(40) not null, "customer_id" uuid not null, "kind" text check ("kind" in ('PAID', 'TRIAL')) not null, "start_date" date not null, "end_date" date not null, "auto_renew" boolean not null default false, "billing_state" text check ("billing_state" in ('ACTIVE', 'UNPAID', 'SUSPENDED', 'CANCELLED')) not null default 'ACTIVE', constraint "subscription_pkey" primary key ("id"));`);
    this.addSql(`create index "subscription_end_date_index" on "subscription" ("end_date");`);
    this.addSql(`create index "subscription_customer_id_end_date_index" on "subscription" ("customer_id", "end_date");`);

    this.addSql(`create table "customer_order" ("id" varchar(40) not null, "customer_id" uuid not null, "placed_at" timestamptz not null, "status" text check ("status" in ('PLACED', 'PROVISIONING', 'COMPLETED', 'CANCELLED')) not null, "subscription_id" varchar(40) null, "summary" varchar(500) not null, constraint "customer_order_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_order_customer_id_placed_at_index" on "customer_order" ("customer_id", "placed_at");`);

    this.addSql(`create table "order_event" ("id" serial primary key, "order_id" varchar(40) not null, "at" timestamptz not null, "status" text check ("status" in ('PLACED', 'PROVISIONING', 'COMPLETED', 'CANCELLED')) not null, "note" varchar(500) not null default '');`);
    this.addSql(`create index "order_event_order_id_at_index" on "order_event" ("order_id", "at");`);

    this.addSql(`create table "license_snapshot" ("id" serial primary key, "customer_id" uuid not null, "subscription_id" varchar(40) not null, "product" text check ("product" in ('MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER')) not null, "week_start" date not null, "purchased" int not null, "assigned" int not null, "used" int not null);`);
    this.addSql(`create index "license_snapshot_customer_id_week_start_index" on "license_snapshot" ("customer_id", "week_start");`);
    this.addSql(`alter table "license_snapshot" add constraint "license_snapshot_subscription_id_product_week_start_unique" unique ("subscription_id", "product", "week_start");`);

    this.addSql(`create table "license_line" ("id" uuid not null, "subscription_id" varchar(40) not null, "product" text check ("product" in ('MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER')) not null, "purchased" int not null, "assigned" int not null, "used" int not null, constraint "license_line_pkey" primary key ("id"));`);
    this.addSql(`create index "license_line_subscription_id_product_index" on "license_line" ("subscription_id", "product");`);

    this.addSql(`create table "invoice" ("id" varchar(40) not null, "customer_id" uuid not null, "subscription_id" varchar(40) not null, "issued_on" date not null, "due_on" date not null, "amount_minor" int not null, "currency" varchar(3) not null, "status" text check ("status" in ('PAID', 'OPEN', 'OVERDUE')) not null, constraint "invoice_pkey" primary key ("id"));`);
    this.addSql(`create index "invoice_subscription_id_issued_on_index" on "invoice" ("subscription_id", "issued_on");`);
    this.addSql(`create index "invoice_customer_id_issued_on_index" on "invoice" ("customer_id", "issued_on");`);

    this.addSql(`create table "trial" ("id" varchar(40) not null, "customer_id" uuid not null, "subscription_id" varchar(40) not null, "start_date" date not null, "end_date" date not null, "status" text check ("status" in ('RUNNING', 'EXPIRED', 'CONVERTED')) not null, "converted_to_id" varchar(40) null, constraint "trial_pkey" primary key ("id"));`);
    this.addSql(`create index "trial_customer_id_end_date_index" on "trial" ("customer_id", "end_date");`);

    this.addSql(`alter table "location" add constraint "location_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "device" add constraint "device_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "device" add constraint "device_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "phone_number" add constraint "phone_number_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "phone_number" add constraint "phone_number_location_id_foreign" foreign key ("location_id") references "location" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "subscription" add constraint "subscription_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);

    this.addSql(`alter table "customer_order" add constraint "customer_order_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "customer_order" add constraint "customer_order_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "order_event" add constraint "order_event_order_id_foreign" foreign key ("order_id") references "customer_order" ("id") on update cascade;`);

    this.addSql(`alter table "license_snapshot" add constraint "license_snapshot_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "license_snapshot" add constraint "license_snapshot_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade;`);

    this.addSql(`alter table "license_line" add constraint "license_line_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade;`);

    this.addSql(`alter table "invoice" add constraint "invoice_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "invoice" add constraint "invoice_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade;`);

    this.addSql(`alter table "trial" add constraint "trial_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade;`);
    this.addSql(`alter table "trial" add constraint "trial_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade;`);
    this.addSql(`alter table "trial" add constraint "trial_converted_to_id_foreign" foreign key ("converted_to_id") references "subscription" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "location" drop constraint "location_customer_id_foreign";`);

    this.addSql(`alter table "device" drop constraint "device_customer_id_foreign";`);

    this.addSql(`alter table "phone_number" drop constraint "phone_number_customer_id_foreign";`);

    this.addSql(`alter table "subscription" drop constraint "subscription_customer_id_foreign";`);

    this.addSql(`alter table "customer_order" drop constraint "customer_order_customer_id_foreign";`);

    this.addSql(`alter table "license_snapshot" drop constraint "license_snapshot_customer_id_foreign";`);

    this.addSql(`alter table "invoice" drop constraint "invoice_customer_id_foreign";`);

    this.addSql(`alter table "trial" drop constraint "trial_customer_id_foreign";`);

    this.addSql(`alter table "device" drop constraint "device_location_id_foreign";`);

    this.addSql(`alter table "phone_number" drop constraint "phone_number_location_id_foreign";`);

    this.addSql(`alter table "customer_order" drop constraint "customer_order_subscription_id_foreign";`);

    this.addSql(`alter table "license_snapshot" drop constraint "license_snapshot_subscription_id_foreign";`);

    this.addSql(`alter table "license_line" drop constraint "license_line_subscription_id_foreign";`);

    this.addSql(`alter table "invoice" drop constraint "invoice_subscription_id_foreign";`);

    this.addSql(`alter table "trial" drop constraint "trial_subscription_id_foreign";`);

    this.addSql(`alter table "trial" drop constraint "trial_converted_to_id_foreign";`);

    this.addSql(`alter table "order_event" drop constraint "order_event_order_id_foreign";`);

    this.addSql(`drop table if exists "call_leg" cascade;`);

    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "location" cascade;`);

    this.addSql(`drop table if exists "device" cascade;`);

    this.addSql(`drop table if exists "phone_number" cascade;`);

    this.addSql(`drop table if exists "subscription" cascade;`);

    this.addSql(`drop table if exists "customer_order" cascade;`);

    this.addSql(`drop table if exists "order_event" cascade;`);

    this.addSql(`drop table if exists "license_snapshot" cascade;`);

    this.addSql(`drop table if exists "license_line" cascade;`);

    this.addSql(`drop table if exists "invoice" cascade;`);

    this.addSql(`drop table if exists "trial" cascade;`);
  }

}
