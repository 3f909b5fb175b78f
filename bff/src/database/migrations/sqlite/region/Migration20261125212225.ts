import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212225 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`calling_customer_week\` (\`week_start\` text not null, \`customer_id\` text not null, \`calls\` integer not null, \`legs\` integer not null, \`seconds\` integer not null, \`video_seconds\` integer not null, \`active_users\` integer not null, \`poor_legs\` integer not null, \`hunt_group_legs\` integer not null, \`auto_attendant_legs\` integer not null, \`call_queue_legs\` integer not null, \`hunt_group_calls\` integer not null, \`auto_attendant_calls\` integer not null, \`call_queue_calls\` integer not null, \`queue_legs\` integer not null, \`queue_answered\` integer not null, \`queue_abandoned\` integer not null, \`queue_timed_out\` integer not null, \`queue_overflowed\` integer not null, \`queue_transferred\` integer not null, \`answer_wait_seconds\` integer not null, \`answer_wait_legs\` integer not null, \`abandon_wait_seconds\` integer not null, \`abandon_wait_legs\` integer not null, primary key (\`week_start\`, \`customer_id\`));`);
    this.addSql(`create index \`calling_customer_week_customer_id_week_start_index\` on \`calling_customer_week\` (\`customer_id\`, \`week_start\`);`);

    this.addSql(`create table \`calling_endpoint_week\` (\`week_start\` text not null, \`customer_id\` text not null, \`endpoint_type\` text check (\`endpoint_type\` in ('DESK_PHONE', 'ROOM_DEVICE', 'APP', 'THIRD_PARTY')) not null, \`legs\` integer not null, \`poor_legs\` integer not null, primary key (\`week_start\`, \`customer_id\`, \`endpoint_type\`));`);

    this.addSql(`create table \`calling_week\` (\`week_start\` text not null, \`computed_at\` datetime not null, \`legs\` integer not null, primary key (\`week_start\`));`);
  }

}
