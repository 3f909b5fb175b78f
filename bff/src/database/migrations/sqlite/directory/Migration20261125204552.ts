import { Migration } from '@mikro-orm/migrations';

export class Migration20261125204552 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`audit_event\` (\`id\` integer not null primary key autoincrement, \`at\` datetime not null, \`actor_id\` text null, \`actor_email\` text null, \`partner_id\` text null, \`region\` text check (\`region\` in ('US', 'CA', 'EU', 'AE')) null, \`action\` text not null, \`target_type\` text null, \`target_id\` text null, \`customer_id\` text null, \`before\` json null, \`after\` json null, \`outcome\` text check (\`outcome\` in ('SUCCESS', 'DENIED', 'FAILURE')) not null, \`reason\` text null, \`request_id\` text null);`);
    this.addSql(`create index \`audit_event_at_index\` on \`audit_event\` (\`at\`);`);
    this.addSql(`create index \`audit_event_action_index\` on \`audit_event\` (\`action\`);`);
    this.addSql(`create index \`audit_event_target_id_index\` on \`audit_event\` (\`target_id\`);`);
    this.addSql(`create index \`audit_event_customer_id_index\` on \`audit_event\` (\`customer_id\`);`);
    this.addSql(`create index \`audit_event_partner_id_id_index\` on \`audit_event\` (\`partner_id\`, \`id\`);`);

    this.addSql(`create table \`organization_setup\` (\`partner_id\` text not null, \`terms_version\` text not null, \`accepted_by_id\` text not null, \`accepted_at\` datetime not null, primary key (\`partner_id\`));`);

    this.addSql(`create table \`partner_api_key\` (\`id\` text not null, \`partner_id\` text not null, \`name\` text not null, \`prefix\` text not null, \`key_hash\` text not null, \`created_by_id\` text null, \`created_at\` datetime not null, \`last_used_at\` datetime null, \`revoked_at\` datetime null, constraint \`partner_api_key_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`partner_api_key_partner_id_index\` on \`partner_api_key\` (\`partner_id\`);`);
    this.addSql(`create unique index \`partner_api_key_key_hash_unique\` on \`partner_api_key\` (\`key_hash\`);`);

    this.addSql(`create table \`partner_user\` (\`id\` text not null, \`partner_id\` text not null, \`email\` text not null, \`display_name\` text not null, \`role\` text check (\`role\` in ('FULL_ADMIN', 'ADMIN', 'READ_ONLY', 'SALES_FULL_ADMIN', 'SALES_ADMIN', 'HELP_DESK')) not null, \`password_hash\` text null, \`oidc_issuer\` text null, \`oidc_subject\` text null, \`created_by_id\` text null, \`created_at\` datetime not null, constraint \`partner_user_partner_id_foreign\` foreign key(\`partner_id\`) references \`partner\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`partner_user_partner_id_index\` on \`partner_user\` (\`partner_id\`);`);
    this.addSql(`create unique index \`partner_user_email_unique\` on \`partner_user\` (\`email\`);`);
    this.addSql(`create unique index \`partner_user_oidc_issuer_oidc_subject_unique\` on \`partner_user\` (\`oidc_issuer\`, \`oidc_subject\`);`);

    this.addSql(`create table \`customer_admin_assignment\` (\`id\` text not null, \`customer_id\` text not null, \`user_id\` text not null, \`kind\` text check (\`kind\` in ('ASSIGNED', 'CREATED')) not null default 'ASSIGNED', \`assigned_by_id\` text null, \`created_at\` datetime not null, constraint \`customer_admin_assignment_customer_id_foreign\` foreign key(\`customer_id\`) references \`customer_directory_entry\`(\`id\`) on update cascade, constraint \`customer_admin_assignment_user_id_foreign\` foreign key(\`user_id\`) references \`partner_user\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create index \`customer_admin_assignment_customer_id_index\` on \`customer_admin_assignment\` (\`customer_id\`);`);
    this.addSql(`create index \`customer_admin_assignment_user_id_index\` on \`customer_admin_assignment\` (\`user_id\`);`);
    this.addSql(`create unique index \`customer_admin_assignment_customer_id_user_id_kind_unique\` on \`customer_admin_assignment\` (\`customer_id\`, \`user_id\`, \`kind\`);`);

    this.addSql(`create table \`auth_session\` (\`id\` text not null, \`token_hash\` text not null, \`user_id\` text not null, \`method\` text not null, \`created_at\` datetime not null, \`last_seen_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, \`ip\` text null, \`user_agent\` text null, constraint \`auth_session_user_id_foreign\` foreign key(\`user_id\`) references \`partner_user\`(\`id\`) on update cascade, primary key (\`id\`));`);
    this.addSql(`create unique index \`auth_session_token_hash_unique\` on \`auth_session\` (\`token_hash\`);`);
    this.addSql(`create index \`auth_session_user_id_index\` on \`auth_session\` (\`user_id\`);`);
  }

}
