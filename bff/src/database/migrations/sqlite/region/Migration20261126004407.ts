import { Migration } from '@mikro-orm/migrations';

export class Migration20261126004407 extends Migration {

  override async up(): Promise<void> {
    // Rollups are derived data: drop the old rows (no partner id, no ranks) so the next run's catch-up recomputes them.
    this.addSql(`delete from \`calling_week\`;`);
    this.addSql(`delete from \`calling_customer_week\`;`);
    this.addSql(`delete from \`calling_endpoint_week\`;`);

    this.addSql(`create table \`calling_partner_week\` (\`week_start\` text not null, \`partner_id\` text not null, \`customers\` integer not null, \`usage_customers\` integer not null, \`calls\` integer not null, \`legs\` integer not null, \`seconds\` integer not null, \`active_users\` integer not null, \`poor_legs\` integer not null, \`desk_phone_legs\` integer not null, \`desk_phone_poor_legs\` integer not null, \`room_device_legs\` integer not null, \`room_device_poor_legs\` integer not null, \`app_legs\` integer not null, \`app_poor_legs\` integer not null, \`third_party_legs\` integer not null, \`third_party_poor_legs\` integer not null, \`call_queue_customers\` integer not null, \`hunt_group_calls\` integer not null, \`hunt_group_legs\` integer not null, \`auto_attendant_calls\` integer not null, \`auto_attendant_legs\` integer not null, \`call_queue_calls\` integer not null, \`call_queue_legs\` integer not null, \`transfer_calls\` integer not null, \`transfer_legs\` integer not null, \`park_calls\` integer not null, \`park_legs\` integer not null, \`pickup_calls\` integer not null, \`pickup_legs\` integer not null, \`queue_customers\` integer not null, \`queue_legs\` integer not null, \`queue_abandoned\` integer not null, \`answer_wait_seconds\` integer not null, \`answer_wait_legs\` integer not null, \`abandon_wait_seconds\` integer not null, \`abandon_wait_legs\` integer not null, primary key (\`week_start\`, \`partner_id\`));`);

    this.addSql(`create table \`calling_usage_week\` (\`week_start\` text not null, \`customer_id\` text not null, \`partner_id\` text null, \`calls\` integer not null, \`legs\` integer not null, \`seconds\` integer not null, \`video_seconds\` integer not null, \`active_users\` integer not null, \`previous_calls\` integer not null, \`previous_seconds\` integer not null, \`previous_active_users\` integer not null, \`usage_rank\` integer not null, primary key (\`week_start\`, \`customer_id\`));`);
    this.addSql(`create index \`calling_usage_week_week_start_partner_id_usage_rank_index\` on \`calling_usage_week\` (\`week_start\`, \`partner_id\`, \`usage_rank\`);`);

    this.addSql(`alter table \`calling_customer_week\` add column \`partner_id\` text null;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`call_queue_enabled\` integer not null default false;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`transfer_legs\` integer not null default 0;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`park_legs\` integer not null default 0;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`pickup_legs\` integer not null default 0;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`transfer_calls\` integer not null default 0;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`park_calls\` integer not null default 0;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`pickup_calls\` integer not null default 0;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`quality_rank\` integer null;`);
    this.addSql(`alter table \`calling_customer_week\` add column \`queue_rank\` integer null;`);
    this.addSql(`create index \`calling_customer_week_week_start_partner_id_queue_rank_index\` on \`calling_customer_week\` (\`week_start\`, \`partner_id\`, \`queue_rank\`);`);
    this.addSql(`create index \`calling_customer_week_week_start_partner_id_quality_rank_index\` on \`calling_customer_week\` (\`week_start\`, \`partner_id\`, \`quality_rank\`);`);

    this.addSql(`alter table \`calling_endpoint_week\` add column \`partner_id\` text null;`);

    this.addSql(`alter table \`call_leg\` add column \`transfer\` integer not null default false;`);
    this.addSql(`alter table \`call_leg\` add column \`park\` integer not null default false;`);
    this.addSql(`alter table \`call_leg\` add column \`pickup\` integer not null default false;`);
  }

}
