import { Migration } from '@mikro-orm/migrations';

export class Migration20261126012547 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_list_partner\` (\`partner_id\` text not null, \`expiring_soon_days\` integer not null, \`no_recent_activity_days\` integer not null, primary key (\`partner_id\`));`);

    this.addSql(`create table \`customer_list_row\` (\`customer_id\` text not null, \`partner_id\` text not null, \`name\` text not null, \`country\` text not null, \`search_key\` text not null, \`dir_key\` text not null default '', \`managed_by\` text check (\`managed_by\` in ('EXTERNAL_ADMIN', 'PARTNER_ORG')) not null, \`external_id\` text null, \`tag_sort_asc\` text not null, \`tag_sort_desc\` text not null, \`valid_until\` date null, \`next_sub_end\` date null, \`last_sign_in\` datetime null, \`stable_bits\` integer not null, \`stable_weight\` integer not null, \`is_soon\` integer not null, \`is_inactive\` integer not null, \`facet_bits\` integer not null, \`status_weight\` integer not null, \`product_count\` integer not null, \`licenses_purchased\` integer not null, \`licenses_assigned\` integer not null, \`subscription_count\` integer not null, \`next_end_date\` text null, \`end_sort\` text not null, primary key (\`customer_id\`));`);
    this.addSql(`create index \`customer_list_row_valid_until_index\` on \`customer_list_row\` (\`valid_until\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_is_inactive_last_sign_in_index\` on \`customer_list_row\` (\`partner_id\`, \`is_inactive\`, \`last_sign_in\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_is_soon_next_sub_end_index\` on \`customer_list_row\` (\`partner_id\`, \`is_soon\`, \`next_sub_end\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_search_key_customer_id_index\` on \`customer_list_row\` (\`partner_id\`, \`search_key\`, \`customer_id\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_facet_bits_customer_id_index\` on \`customer_list_row\` (\`partner_id\`, \`facet_bits\`, \`customer_id\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_managed_by_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`managed_by\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_tag_sort_desc_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`tag_sort_desc\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_tag_sort_asc_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`tag_sort_asc\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_end_sort_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`end_sort\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_licenses_assigned_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`licenses_assigned\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_licenses_purchased_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`licenses_purchased\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_product_count_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`product_count\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_status_weight_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`status_weight\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_country_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`country\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);
    this.addSql(`create index \`customer_list_row_partner_id_name_customer_id_facet_bits_index\` on \`customer_list_row\` (\`partner_id\`, \`name\`, \`customer_id\`, \`facet_bits\`);`);

    this.addSql(`create table \`customer_list_state\` (\`id\` integer not null, \`version\` integer not null, \`built_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`create table \`customer_list_tag\` (\`customer_id\` text not null, \`tag_id\` text not null, primary key (\`customer_id\`, \`tag_id\`));`);
    this.addSql(`create index \`customer_list_tag_tag_id_customer_id_index\` on \`customer_list_tag\` (\`tag_id\`, \`customer_id\`);`);
  }

}
