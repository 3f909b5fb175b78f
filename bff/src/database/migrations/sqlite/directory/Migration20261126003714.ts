import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003714 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`pragma foreign_keys = off;`);
    this.addSql(`create table \`report_run__temp_alter\` (\`id\` text not null, \`partner_id\` text not null, \`template_id\` text not null, \`template_name\` text not null, \`kind\` text not null, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) null, \`regions\` json null, \`locale\` text not null, \`headers\` text not null, \`columns\` json null, \`period_from\` datetime null, \`period_to\` datetime null, \`status\` text check (\`status\` in ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')) not null default 'RUNNING', \`rows\` integer not null default 0, \`bytes\` bigint null, \`created_by_id\` text not null, \`created_by_email\` text not null, \`created_at\` datetime not null, \`finished_at\` datetime null, \`expires_at\` datetime not null, \`error\` text null, constraint \`report_run_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`insert into \`report_run__temp_alter\` select \`id\`, \`partner_id\`, \`template_id\`, \`template_name\`, \`kind\`, \`region\`, \`regions\`, \`locale\`, \`headers\`, \`columns\`, \`period_from\`, \`period_to\`, \`status\`, \`rows\`, \`bytes\`, \`created_by_id\`, \`created_by_email\`, \`created_at\`, \`finished_at\`, \`expires_at\`, \`error\` from \`report_run\`;`);
    this.addSql(`drop table \`report_run\`;`);
    this.addSql(`alter table \`report_run__temp_alter\` rename to \`report_run\`;`);
    this.addSql(`create index \`report_run_partner_id_index\` on \`report_run\` (\`partner_id\`);`);
    this.addSql(`create index \`report_run_partner_id_created_at_index\` on \`report_run\` (\`partner_id\`, \`created_at\`);`);
    this.addSql(`pragma foreign_keys = on;`);
    this.addSql(`alter table \`report_template\` add column \`name_key\` text null;`);
    this.addSql(`alter table \`report_template\` add column \`tag_ids\` json null;`);
    this.addSql(`create unique index \`report_template_partner_id_name_key_unique\` on \`report_template\` (\`partner_id\`, \`name_key\`);`);
  }

}
