import { Migration } from '@mikro-orm/migrations';

export class Migration20261126013019 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`audit_event\` add column \`actor_type\` text check (\`actor_type\` in ('USER', 'API_KEY')) null;`);
    this.addSql(`alter table \`audit_event\` add column \`actor_name\` text null;`);
  }

}
