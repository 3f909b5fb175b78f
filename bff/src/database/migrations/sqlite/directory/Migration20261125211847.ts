import { Migration } from '@mikro-orm/migrations';

export class Migration20261125211847 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`partner_customer_settings\` (\`partner_id\` text not null, \`expiring_soon_days\` integer not null default 30, \`no_recent_activity_days\` integer not null default 30, primary key (\`partner_id\`));`);

    this.addSql(`create table \`customer_tag\` (\`id\` text not null, \`partner_id\` text not null, \`name\` text not null, \`name_key\` text not null, \`color\` text not null, \`description\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`customer_tag_partner_id_index\` on \`customer_tag\` (\`partner_id\`);`);
    this.addSql(`create unique index \`customer_tag_partner_id_name_key_unique\` on \`customer_tag\` (\`partner_id\`, \`name_key\`);`);

    this.addSql(`create table \`customer_tag_assignment\` (\`id\` text not null, \`tag_id\` text not null, \`customer_id\` text not null, constraint \`customer_tag_assignment_tag_id_foreign\` foreign key(\`tag_id\`) references \`customer_tag\`(\`id\`) on delete cascade on update cascade, constraint \`customer_tag_assignment_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer_directory_entry\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`customer_tag_assignment_tag_id_index\` on \`customer_tag_assignment\` (\`tag_id\`);`);
    this.addSql(`create index \`customer_tag_assignment_customer_id_index\` on \`customer_tag_assignment\` (\`customer_id\`);`);
    this.addSql(`create unique index \`customer_tag_assignment_tag_id_customer_id_unique\` on \`customer_tag_assignment\` (\`tag_id\`, \`customer_id\`);`);
  }

}
