import { Migration } from '@mikro-orm/migrations';

export class Migration20261125203824 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`call_leg\` (\`id\` text not null, \`customer_id\` text not null, \`call_id\` text not null, \`started_at\` datetime not null, \`duration_seconds\` integer not null, \`direction\` text check (\`direction\` in ('INBOUND', 'OUTBOUND')) not null, \`endpoint_type\` text check (\`endpoint_type\` in ('DESK_PHONE', 'ROOM_DEVICE', 'APP', 'THIRD_PARTY')) not null, \`audio\` integer not null, \`video\` integer not null, \`audio_jitter_ms\` real null, \`audio_latency_ms\` real null, \`audio_loss_pct\` real null, \`video_jitter_ms\` real null, \`video_latency_ms\` real null, \`video_loss_pct\` real null, \`app_to_app\` integer not null, \`hunt_group\` integer not null, \`auto_attendant\` integer not null, \`call_queue\` integer not null, \`queue_outcome\` text check (\`queue_outcome\` in ('ANSWERED', 'ABANDONED', 'TIMED_OUT', 'OVERFLOWED', 'TRANSFERRED')) null, \`queue_wait_seconds\` integer null, \`user_id\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`call_leg_started_at_index\` on \`call_leg\` (\`started_at\`);`);
    this.addSql(`create index \`call_leg_customer_id_started_at_index\` on \`call_leg\` (\`customer_id\`, \`started_at\`);`);

    this.addSql(`create table \`customer\` (\`id\` text not null, \`partner_id\` text not null, \`name\` text not null, \`country\` text not null, \`contact_name\` text not null, \`contact_email\` text not null, \`contact_phone\` text null, \`last_admin_sign_in_at\` datetime null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`customer_partner_id_index\` on \`customer\` (\`partner_id\`);`);
    this.addSql(`create index \`customer_name_id_index\` on \`customer\` (\`name\`, \`id\`);`);

    this.addSql(`create table \`location\` (\`id\` text not null, \`customer_id\` text not null, \`name\` text not null, \`address\` text not null, \`city\` text not null, \`country\` text not null, \`time_zone\` text not null, constraint \`location_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`location_customer_id_index\` on \`location\` (\`customer_id\`);`);
    this.addSql(`create index \`location_customer_id_name_index\` on \`location\` (\`customer_id\`, \`name\`);`);

    this.addSql(`create table \`device\` (\`id\` text not null, \`customer_id\` text not null, \`mac\` text not null, \`model\` text not null, \`firmware\` text not null, \`location_id\` text null, \`user_id\` text null, \`phone_number\` text null, \`extension\` text null, \`external_id\` text null, constraint \`device_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, constraint \`device_location_id_foreign\` foreign key(\`location_id\`) references \`location\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`device_customer_id_index\` on \`device\` (\`customer_id\`);`);
    this.addSql(`create index \`device_location_id_index\` on \`device\` (\`location_id\`);`);
    this.addSql(`create index \`device_customer_id_mac_index\` on \`device\` (\`customer_id\`, \`mac\`);`);

    this.addSql(`create table \`phone_number\` (\`id\` text not null, \`customer_id\` text not null, \`e164\` text null, \`extension\` text null, \`location_id\` text null, \`country\` text not null, \`pstn_provider\` text null, \`active\` integer not null, \`user_type\` text check (\`user_type\` in ('PERSON', 'AUTO_ATTENDANT', 'VIRTUAL_LINE', 'HUNT_GROUP', 'CALL_QUEUE', 'WORKSPACE', 'UNASSIGNED')) not null, \`role\` text check (\`role\` in ('PRIMARY', 'SECONDARY')) not null, \`user_id\` text null, \`user_email\` text null, constraint \`phone_number_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, constraint \`phone_number_location_id_foreign\` foreign key(\`location_id\`) references \`location\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`phone_number_customer_id_index\` on \`phone_number\` (\`customer_id\`);`);
    this.addSql(`create index \`phone_number_location_id_index\` on \`phone_number\` (\`location_id\`);`);
    this.addSql(`create index \`phone_number_customer_id_e164_index\` on \`phone_number\` (\`customer_id\`, \`e164\`);`);

    this.addSql(`create table \`subscription\` (\`id\` text not null, \`customer_id\` text not null, \`kind\` text check (\`kind\` in ('PAID', 'TRIAL')) not null, \`start_date\` date not null, \`end_date\` date not null, \`auto_renew\` integer not null default false, \`billing_state\` text check (\`billing_state\` in ('ACTIVE', 'UNPAID', 'SUSPENDED', 'CANCELLED')) not null default 'ACTIVE', constraint \`subscription_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`subscription_customer_id_index\` on \`subscription\` (\`customer_id\`);`);
    this.addSql(`create index \`subscription_end_date_index\` on \`subscription\` (\`end_date\`);`);
    this.addSql(`create index \`subscription_customer_id_end_date_index\` on \`subscription\` (\`customer_id\`, \`end_date\`);`);

    this.addSql(`create table \`customer_order\` (\`id\` text not null, \`customer_id\` text not null, \`placed_at\` datetime not null, \`status\` text check (\`status\` in ('PLACED', 'PROVISIONING', 'COMPLETED', 'CANCELLED')) not null, \`subscription_id\` text null, \`summary\` text not null, constraint \`customer_order_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, constraint \`customer_order_subscription_id_foreign\` foreign key(\`subscription_id\`) references \`subscription\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`customer_order_customer_id_index\` on \`customer_order\` (\`customer_id\`);`);
    this.addSql(`create index \`customer_order_subscription_id_index\` on \`customer_order\` (\`subscription_id\`);`);
    this.addSql(`create index \`customer_order_customer_id_placed_at_index\` on \`customer_order\` (\`customer_id\`, \`placed_at\`);`);

    this.addSql(`create table \`order_event\` (\`id\` integer not null primary key autoincrement, \`order_id\` text not null, \`at\` datetime not null, \`status\` text check (\`status\` in ('PLACED', 'PROVISIONING', 'COMPLETED', 'CANCELLED')) not null, \`note\` text not null default '', constraint \`order_event_order_id_foreign\` foreign key(\`order_id\`) references \`customer_order\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`order_event_order_id_index\` on \`order_event\` (\`order_id\`);`);
    this.addSql(`create index \`order_event_order_id_at_index\` on \`order_event\` (\`order_id\`, \`at\`);`);

    this.addSql(`create table \`license_snapshot\` (\`id\` integer not null primary key autoincrement, \`customer_id\` text not null, \`subscription_id\` text not null, \`product\` text check (\`product\` in ('MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER')) not null, \`week_start\` date not null, \`purchased\` integer not null, \`assigned\` integer not null, \`used\` integer not null, constraint \`license_snapshot_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, constraint \`license_snapshot_subscription_id_foreign\` foreign key(\`subscription_id\`) references \`subscription\`(\`id\`) on update cascade);`);
    this.addSql(`create index \`license_snapshot_customer_id_index\` on \`license_snapshot\` (\`customer_id\`);`);
    this.addSql(`create index \`license_snapshot_subscription_id_index\` on \`license_snapshot\` (\`subscription_id\`);`);
    this.addSql(`create index \`license_snapshot_customer_id_week_start_index\` on \`license_snapshot\` (\`customer_id\`, \`week_start\`);`);
    this.addSql(`create unique index \`license_snapshot_subscription_id_product_week_start_unique\` on \`license_snapshot\` (\`subscription_id\`, \`product\`, \`week_start\`);`);

    this.addSql(`create table \`license_line\` (\`id\` text not null, \`subscription_id\` text not null, \`product\` text check (\`product\` in ('MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER')) not null, \`purchased\` integer not null, \`assigned\` integer not null, \`used\` integer not null, constraint \`license_line_subscription_id_foreign\` foreign key(\`subscription_id\`) references \`subscription\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`license_line_subscription_id_index\` on \`license_line\` (\`subscription_id\`);`);
    this.addSql(`create index \`license_line_subscription_id_product_index\` on \`license_line\` (\`subscription_id\`, \`product\`);`);

    this.addSql(`create table \`invoice\` (\`id\` text not null, \`customer_id\` text not null, \`subscription_id\` text not null, \`issued_on\` date not null, \`due_on\` date not null, \`amount_minor\` integer not null, \`currency\` text not null, \`status\` text check (\`status\` in ('PAID', 'OPEN', 'OVERDUE')) not null, constraint \`invoice_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, constraint \`invoice_subscription_id_foreign\` foreign key(\`subscription_id\`) references \`subscription\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`invoice_customer_id_index\` on \`invoice\` (\`customer_id\`);`);
    this.addSql(`create index \`invoice_subscription_id_index\` on \`invoice\` (\`subscription_id\`);`);
    this.addSql(`create index \`invoice_subscription_id_issued_on_index\` on \`invoice\` (\`subscription_id\`, \`issued_on\`);`);
    this.addSql(`create index \`invoice_customer_id_issued_on_index\` on \`invoice\` (\`customer_id\`, \`issued_on\`);`);

    this.addSql(`create table \`trial\` (\`id\` text not null, \`customer_id\` text not null, \`subscription_id\` text not null, \`start_date\` date not null, \`end_date\` date not null, \`status\` text check (\`status\` in ('RUNNING', 'EXPIRED', 'CONVERTED')) not null, \`converted_to_id\` text null, constraint \`trial_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, constraint \`trial_subscription_id_foreign\` foreign key(\`subscription_id\`) references \`subscription\`(\`id\`) on update cascade, constraint \`trial_converted_to_id_foreign\` foreign key(\`converted_to_id\`) references \`subscription\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`trial_customer_id_index\` on \`trial\` (\`customer_id\`);`);
    this.addSql(`create index \`trial_subscription_id_index\` on \`trial\` (\`subscription_id\`);`);
    this.addSql(`create index \`trial_converted_to_id_index\` on \`trial\` (\`converted_to_id\`);`);
    this.addSql(`create index \`trial_customer_id_end_date_index\` on \`trial\` (\`customer_id\`, \`end_date\`);`);
  }

}
