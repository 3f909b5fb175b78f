import { Migration } from '@mikro-orm/migrations';

export class Migration20261126004408 extends Migration {

  override async up(): Promise<void> {
    // Rollups are derived data: drop the old rows (no partner id, no ranks) so the next run's catch-up recomputes them.
    this.addSql(`delete from "calling_week";`);
    this.addSql(`delete from "calling_customer_week";`);
    this.addSql(`delete from "calling_endpoint_week";`);

    this.addSql(`create table "calling_partner_week" ("week_start" varchar(10) not null, "partner_id" uuid not null, "customers" int not null, "usage_customers" int not null, "calls" int not null, "legs" int not null, "seconds" int not null, "active_users" int not null, "poor_legs" int not null, "desk_phone_legs" int not null, "desk_phone_poor_legs" int not null, "room_device_legs" int not null, "room_device_poor_legs" int not null, "app_legs" int not null, "app_poor_legs" int not null, "third_party_legs" int not null, "third_party_poor_legs" int not null, "call_queue_customers" int not null, "hunt_group_calls" int not null, "hunt_group_legs" int not null, "auto_attendant_calls" int not null, "auto_attendant_legs" int not null, "call_queue_calls" int not null, "call_queue_legs" int not null, "transfer_calls" int not null, "transfer_legs" int not null, "park_calls" int not null, "park_legs" int not null, "pickup_calls" int not null, "pickup_legs" int not null, "queue_customers" int not null, "queue_legs" int not null, "queue_abandoned" int not null, "answer_wait_seconds" int not null, "answer_wait_legs" int not null, "abandon_wait_seconds" int not null, "abandon_wait_legs" int not null, constraint "calling_partner_week_pkey" primary key ("week_start", "partner_id"));`);

    this.addSql(`create table "calling_usage_week" ("week_start" varchar(10) not null, "customer_id" uuid not null, "partner_id" uuid null, "calls" int not null, "legs" int not null, "seconds" int not null, "video_seconds" int not null, "active_users" int not null, "previous_calls" int not null, "previous_seconds" int not null, "previous_active_users" int not null, "usage_rank" int not null, constraint "calling_usage_week_pkey" primary key ("week_start", "customer_id"));`);
    this.addSql(`create index "calling_usage_week_week_start_partner_id_usage_rank_index" on "calling_usage_week" ("week_start", "partner_id", "usage_rank");`);

    this.addSql(`alter table "calling_customer_week" add column "partner_id" uuid null, add column "call_queue_enabled" boolean not null default false, add column "transfer_legs" int not null default 0, add column "park_legs" int not null default 0, add column "pickup_legs" int not null default 0, add column "transfer_calls" int not null default 0, add column "park_calls" int not null default 0, add column "pickup_calls" int not null default 0, add column "quality_rank" int null, add column "queue_rank" int null;`);
    this.addSql(`create index "calling_customer_week_week_start_partner_id_queue_rank_index" on "calling_customer_week" ("week_start", "partner_id", "queue_rank");`);
    this.addSql(`create index "calling_customer_week_week_start_partner_id_quality_rank_index" on "calling_customer_week" ("week_start", "partner_id", "quality_rank");`);

    this.addSql(`alter table "calling_endpoint_week" add column "partner_id" uuid null;`);

    this.addSql(`alter table "call_leg" add column "transfer" boolean not null default false, add column "park" boolean not null default false, add column "pickup" boolean not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "calling_partner_week" cascade;`);

    this.addSql(`drop table if exists "calling_usage_week" cascade;`);

    this.addSql(`alter table "call_leg" drop column "transfer", drop column "park", drop column "pickup";`);

    this.addSql(`drop index "calling_customer_week_week_start_partner_id_queue_rank_index";`);
    this.addSql(`drop index "calling_customer_week_week_start_partner_id_quality_rank_index";`);
    this.addSql(`alter table "calling_customer_week" drop column "partner_id", drop column "call_queue_enabled", drop column "transfer_legs", drop column "park_legs", drop column "pickup_legs", drop column "transfer_calls", drop column "park_calls", drop column "pickup_calls", drop column "quality_rank", drop column "queue_rank";`);

    this.addSql(`alter table "calling_endpoint_week" drop column "partner_id";`);
  }

}
