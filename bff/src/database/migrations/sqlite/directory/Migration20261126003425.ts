import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003425 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`password_token\` (\`id\` text not null, \`token_hash\` text not null, \`user_id\` text not null, \`purpose\` text check (\`purpose\` in ('INVITE', 'RESET')) not null, \`created_by_id\` text null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`used_at\` datetime null, \`revoked_at\` datetime null, constraint \`password_token_user_id_foreign\` foreign key(\`user_id\`) references \`partner_user\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`password_token_token_hash_unique\` on \`password_token\` (\`token_hash\`);`);
    this.addSql(`create index \`password_token_user_id_index\` on \`password_token\` (\`user_id\`);`);
    this.addSql(`create index \`password_token_user_id_used_at_revoked_at_index\` on \`password_token\` (\`user_id\`, \`used_at\`, \`revoked_at\`);`);

    this.addSql(`alter table \`audit_event\` add column \`event_id\` text null;`);
    this.addSql(`create unique index \`audit_event_event_id_unique\` on \`audit_event\` (\`event_id\`);`);
  }

}
