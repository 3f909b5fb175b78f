import { Migration } from '@mikro-orm/migrations';

export class Migration20261126012540 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_list_change\` (\`id\` integer not null primary key autoincrement, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) not null, \`customer_id\` text null, \`tag_id\` text null, \`created_at\` datetime not null);`);
    this.addSql(`create index \`customer_list_change_region_id_index\` on \`customer_list_change\` (\`region\`, \`id\`);`);
  }

}
