import { Migration } from '@mikro-orm/migrations';

export class Migration20261125202809 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`partner\` (\`id\` text not null, \`name\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`create table \`customer_directory_entry\` (\`id\` text not null, \`partner_id\` text not null, \`name\` text not null, \`country\` text not null, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) not null, \`external_id\` text null, \`managed_by\` text check (\`managed_by\` in ('EXTERNAL_ADMIN', 'PARTNER_ORG')) not null, \`created_at\` datetime not null, constraint \`customer_directory_entry_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`customer_directory_entry_partner_id_index\` on \`customer_directory_entry\` (\`partner_id\`);`);
    this.addSql(`create index \`customer_directory_entry_region_index\` on \`customer_directory_entry\` (\`region\`);`);

    this.addSql(`create table \`report_template\` (\`id\` text not null, \`partner_id\` text null, \`key\` text not null, \`name\` text not null, constraint \`report_template_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on delete set null on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`report_template_partner_id_index\` on \`report_template\` (\`partner_id\`);`);
    this.addSql(`create unique index \`report_template_partner_id_key_unique\` on \`report_template\` (\`partner_id\`, \`key\`);`);
  }

}
