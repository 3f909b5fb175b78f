import { Migration } from '@mikro-orm/migrations';

export class Migration20261126003715 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "report_run" drop constraint if exists "report_run_status_check";`);

    this.addSql(`alter table "report_run" add constraint "report_run_status_check" check("status" in ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'));`);

    this.addSql(`alter table "report_template" add column "name_key" varchar(200) null, add column "tag_ids" jsonb null;`);
    this.addSql(`alter table "report_template" add constraint "report_template_partner_id_name_key_unique" unique ("partner_id", "name_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "report_run" drop constraint if exists "report_run_status_check";`);

    this.addSql(`alter table "report_run" add constraint "report_run_status_check" check("status" in ('RUNNING', 'SUCCEEDED', 'FAILED'));`);

    this.addSql(`alter table "report_template" drop constraint "report_template_partner_id_name_key_unique";`);
    this.addSql(`alter table "report_template" drop column "name_key", drop column "tag_ids";`);
  }

}
