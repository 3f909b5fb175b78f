import { Migration } from '@mikro-orm/migrations';

export class Migration20261125215525 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`report_run\` (\`id\` text not null, \`partner_id\` text not null, \`template_id\` text not null, \`template_name\` text not null, \`kind\` text not null, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) null, \`regions\` json null, \`locale\` text not null, \`headers\` text not null, \`columns\` json null, \`period_from\` datetime null, \`period_to\` datetime null, \`status\` text check (\`status\` in ('RUNNING', 'SUCCEEDED', 'FAILED')) not null default 'RUNNING', \`rows\` integer not null default 0, \`bytes\` bigint null, \`created_by_id\` text not null, \`created_by_email\` text not null, \`created_at\` datetime not null, \`finished_at\` datetime null, \`expires_at\` datetime not null, \`error\` text null, constraint \`report_run_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`report_run_partner_id_index\` on \`report_run\` (\`partner_id\`);`);
    this.addSql(`create index \`report_run_partner_id_created_at_index\` on \`report_run\` (\`partner_id\`, \`created_at\`);`);

    this.addSql(`create table \`report_schedule\` (\`id\` text not null, \`partner_id\` text not null, \`template_id\` text not null, \`template_name\` text not null, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) not null, \`locale\` text not null, \`headers\` text not null, \`frequency\` text check (\`frequency\` in ('DAILY', 'WEEKLY', 'MONTHLY')) not null, \`time_of_day\` text not null, \`weekday\` integer null, \`day_of_month\` integer null, \`time_zone\` text not null, \`owner_id\` text not null, \`owner_email\` text not null, \`next_run_at\` datetime not null, \`created_at\` datetime not null, constraint \`report_schedule_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`report_schedule_partner_id_index\` on \`report_schedule\` (\`partner_id\`);`);
    this.addSql(`create index \`report_schedule_next_run_at_index\` on \`report_schedule\` (\`next_run_at\`);`);

    this.addSql(`create table \`report_schedule_occurrence\` (\`id\` text not null, \`schedule_id\` text not null, \`occurrence_at\` datetime not null, \`status\` text check (\`status\` in ('RUNNING', 'SUCCEEDED', 'FAILED', 'REFUSED')) not null default 'RUNNING', \`attempts\` integer not null default 1, \`retry_at\` datetime null, \`lease_until\` datetime not null, \`run_id\` text null, \`error\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`report_schedule_occurrence_status_retry_at_index\` on \`report_schedule_occurrence\` (\`status\`, \`retry_at\`);`);
    this.addSql(`create unique index \`report_schedule_occurrence_schedule_id_occurrence_at_unique\` on \`report_schedule_occurrence\` (\`schedule_id\`, \`occurrence_at\`);`);

    this.addSql(`alter table \`report_template\` add column \`base_key\` text null;`);
    this.addSql(`alter table \`report_template\` add column \`columns\` json null;`);
    this.addSql(`alter table \`report_template\` add column \`customer_ids\` json null;`);
    this.addSql(`alter table \`report_template\` add column \`period_from\` datetime null;`);
    this.addSql(`alter table \`report_template\` add column \`period_to\` datetime null;`);
    this.addSql(`alter table \`report_template\` add column \`created_by_id\` text null;`);
  }

}
