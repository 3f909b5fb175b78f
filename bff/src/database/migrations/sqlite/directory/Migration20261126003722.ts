import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003722 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`saved_view\` (\`id\` text not null, \`partner_id\` text not null, \`owner_id\` text not null, \`name\` text not null, \`name_key\` text not null, \`query\` text not null, \`tag_names\` json not null, \`shared\` integer not null default false, \`created_at\` datetime not null, \`updated_at\` datetime not null, constraint \`saved_view_owner_id_foreign\` foreign key(\`owner_id\`) references \`partner_user\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`saved_view_owner_id_index\` on \`saved_view\` (\`owner_id\`);`);
    this.addSql(`create index \`saved_view_partner_id_shared_index\` on \`saved_view\` (\`partner_id\`, \`shared\`);`);
    this.addSql(`create unique index \`saved_view_owner_id_name_key_unique\` on \`saved_view\` (\`owner_id\`, \`name_key\`);`);
  }

}
