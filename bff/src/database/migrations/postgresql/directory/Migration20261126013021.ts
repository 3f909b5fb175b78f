import { Migration } from '@mikro-orm/migrations';

export class Migration20261126013021 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "audit_event" add column "actor_type" text check ("actor_type" in ('USER', 'API_KEY')) null, add column "actor_name" varchar(100) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "audit_event" drop column "actor_type", drop column "actor_name";`);
  }

}
