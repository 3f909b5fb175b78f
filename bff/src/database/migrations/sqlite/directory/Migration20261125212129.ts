import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212129 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`report_run\` (\`id\` text not null, \`partner_id\` text not null, \`template_id\` text not null, \`template_name\` text not null, \`kind\` text not null, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) not null, \`locale\` text not null, \`headers\` text not null, \`period_from\` datetime null, \`period_to\` datetime null, \`status\` text check (\`status\` in ('RUNNING', 'SUCCEEDED', 'FAILED')) not null default 'RUNNING', \`rows\` integer not null default 0, \`bytes\` bigint null, \`created_by_id\` text not null, \`created_by_email\` text not null, \`created_at\` datetime not null, \`finished_at\` datetime null, \`expires_at\` datetime not null, \`error\` text null, constraint \`report_run_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`report_run_partner_id_index\` on \`report_run\` (\`partner_id\`);`);
    this.addSql(`create index \`report_run_partner_id_created_at_index\` on \`report_run\` (\`partner_id\`, \`created_at\`);`);
  }

}
