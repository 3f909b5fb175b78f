import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003428 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_outbox\` (\`id\` text not null, \`created_at\` datetime not null, \`event\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`audit_outbox_created_at_index\` on \`audit_outbox\` (\`created_at\`);`);
  }

}
