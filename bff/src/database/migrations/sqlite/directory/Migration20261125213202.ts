import { Migration } from '@mikro-orm/migrations';

export class Migration20261125213202 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`helpdesk_request\` (\`id\` text not null, \`created_at\` datetime not null, \`partner_id\` text not null, \`partner_name\` text not null, \`user_id\` text not null, \`user_email\` text not null, \`user_name\` text not null, \`product\` text check (\`product\` in ('CALLING', 'CONTACT_CENTER')) not null, \`subject\` text not null, \`message\` text not null, \`customer_region\` text check (\`customer_region\` in ('US', 'CA', 'EU', 'AE')) null, \`customer_id\` text null, \`customer_name\` text null, \`channels\` text not null, \`status\` text check (\`status\` in ('QUEUED', 'RETRYING', 'DELIVERED', 'FAILED')) not null default 'QUEUED', \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`lease_until\` datetime null, \`lease_owner\` text null, \`last_error\` text null, \`email_delivered_at\` datetime null, \`webhook_delivered_at\` datetime null, \`delivered_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`helpdesk_request_partner_id_created_at_index\` on \`helpdesk_request\` (\`partner_id\`, \`created_at\`);`);
    this.addSql(`create index \`helpdesk_request_status_next_attempt_at_index\` on \`helpdesk_request\` (\`status\`, \`next_attempt_at\`);`);
  }

}
