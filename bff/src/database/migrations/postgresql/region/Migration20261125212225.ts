import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212225 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "calling_customer_week" ("week_start" varchar(10) not null, "customer_id" uuid not null, "calls" int not null, "legs" int not null, "seconds" int not null, "video_seconds" int not null, "active_users" int not null, "poor_legs" int not null, "hunt_group_legs" int not null, "auto_attendant_legs" int not null, "call_queue_legs" int not null, "hunt_group_calls" int not null, "auto_attendant_calls" int not null, "call_queue_calls" int not null, "queue_legs" int not null, "queue_answered" int not null, "queue_abandoned" int not null, "queue_timed_out" int not null, "queue_overflowed" int not null, "queue_transferred" int not null, "answer_wait_seconds" int not null, "answer_wait_legs" int not null, "abandon_wait_seconds" int not null, "abandon_wait_legs" int not null, constraint "calling_customer_week_pkey" primary key ("week_start", "customer_id"));`);
    this.addSql(`create index "calling_customer_week_customer_id_week_start_index" on "calling_customer_week" ("customer_id", "week_start");`);

    this.addSql(`create table "calling_endpoint_week" ("week_start" varchar(10) not null, "customer_id" uuid not null, "endpoint_type" text check ("endpoint_type" in ('DESK_PHONE', 'ROOM_DEVICE', 'APP', 'THIRD_PARTY')) not null, "legs" int not null, "poor_legs" int not null, constraint "calling_endpoint_week_pkey" primary key ("week_start", "customer_id", "endpoint_type"));`);

    this.addSql(`create table "calling_week" ("week_start" varchar(10) not null, "computed_at" timestamptz not null, "legs" int not null, constraint "calling_week_pkey" primary key ("week_start"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "calling_customer_week" cascade;`);

    this.addSql(`drop table if exists "calling_endpoint_week" cascade;`);

    this.addSql(`drop table if exists "calling_week" cascade;`);
  }

}
