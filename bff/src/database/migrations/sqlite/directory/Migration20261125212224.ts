import { Migration } from '@mikro-orm/migrations';

export class Migration20261125212224 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`job_lease\` (\`name\` text not null, \`holder\` text not null, \`expires_at\` datetime not null, primary key (\`name\`));`);
  }

}
