import { Migration } from '@mikro-orm/migrations';

export class Migration20261125202809 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer\` (\`id\` text not null, \`partner_id\` text not null, \`name\` text not null, \`country\` text not null, \`contact_name\` text not null, \`contact_email\` text not null, \`last_admin_sign_in_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`customer_partner_id_index\` on \`customer\` (\`partner_id\`);`);

    this.addSql(`create table \`subscription\` (\`id\` text not null, \`customer_id\` text not null, \`kind\` text check (\`kind\` in ('PAID', 'TRIAL')) not null, \`start_date\` date not null, \`end_date\` date not null, \`auto_renew\` integer not null default false, \`billing_state\` text check (\`billing_state\` in ('ACTIVE', 'UNPAID', 'SUSPENDED', 'CANCELLED')) not null default 'ACTIVE', constraint \`subscription_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`subscription_customer_id_index\` on \`subscription\` (\`customer_id\`);`);

    this.addSql(`create table \`license_line\` (\`id\` text not null, \`subscription_id\` text not null, \`product\` text check (\`product\` in ('MEETINGS', 'CALLING', 'MESSAGING', 'RTT', 'CONTACT_CENTER')) not null, \`purchased\` integer not null, \`assigned\` integer not null, \`used\` integer not null, constraint \`license_line_subscription_id_foreign\` foreign key(\`subscription_id\`) references \`subscription\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`license_line_subscription_id_index\` on \`license_line\` (\`subscription_id\`);`);
  }

}
