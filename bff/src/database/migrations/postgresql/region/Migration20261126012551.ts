import { Migration } from '@mikro-orm/migrations';

export class Migration20261126012551 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_list_partner" ("partner_id" uuid not null, "expiring_soon_days" int not null, "no_recent_activity_days" int not null, constraint "customer_list_partner_pkey" primary key ("partner_id"));`);

    this.addSql(`create table "customer_list_row" ("customer_id" uuid not null, "partner_id" uuid not null, "name" varchar(200) not null, "country" varchar(2) not null, "search_key" text not null, "dir_key" text not null default '', "managed_by" text check ("managed_by" in ('EXTERNAL_ADMIN', 'PARTNER_ORG')) not null, "external_id" varchar(100) null, "tag_sort_asc" varchar(25) not null, "tag_sort_desc" varchar(25) not null, "valid_until" date null, "next_sub_end" date null, "last_sign_in" timestamptz null, "stable_bits" int not null, "stable_weight" int not null, "is_soon" int not null, "is_inactive" int not null, "facet_bits" int not null, "status_weight" int not null, "product_count" int not null, "licenses_purchased" int not null, "licenses_assigned" int not null, "subscription_count" int not null, "next_end_date" varchar(10) null, "end_sort" varchar(10) not null, constraint "customer_list_row_pkey" primary key ("customer_id"));`);
    this.addSql(`create index "customer_list_row_valid_until_index" on "customer_list_row" ("valid_until");`);
    this.addSql(`create index "customer_list_row_partner_id_is_inactive_last_sign_in_index" on "customer_list_row" ("partner_id", "is_inactive", "last_sign_in");`);
    this.addSql(`create index "customer_list_row_partner_id_is_soon_next_sub_end_index" on "customer_list_row" ("partner_id", "is_soon", "next_sub_end");`);
    this.addSql(`create index "customer_list_row_partner_id_search_key_customer_id_index" on "customer_list_row" ("partner_id", "search_key", "customer_id");`);
    this.addSql(`create index "customer_list_row_partner_id_facet_bits_customer_id_index" on "customer_list_row" ("partner_id", "facet_bits", "customer_id");`);
    this.addSql(`create index "customer_list_row_partner_id_managed_by_name_custo_dd3a5_index" on "customer_list_row" ("partner_id", "managed_by", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_tag_sort_desc_name_cu_d7006_index" on "customer_list_row" ("partner_id", "tag_sort_desc", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_tag_sort_asc_name_cus_92b61_index" on "customer_list_row" ("partner_id", "tag_sort_asc", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_end_sort_name_custome_58692_index" on "customer_list_row" ("partner_id", "end_sort", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_licenses_assigned_nam_9dd2f_index" on "customer_list_row" ("partner_id", "licenses_assigned", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_licenses_purchased_na_8c043_index" on "customer_list_row" ("partner_id", "licenses_purchased", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_product_count_name_cu_d7d91_index" on "customer_list_row" ("partner_id", "product_count", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_status_weight_name_cu_66ba2_index" on "customer_list_row" ("partner_id", "status_weight", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_country_name_customer_ed51b_index" on "customer_list_row" ("partner_id", "country", "name", "customer_id", "facet_bits");`);
    this.addSql(`create index "customer_list_row_partner_id_name_customer_id_facet_bits_index" on "customer_list_row" ("partner_id", "name", "customer_id", "facet_bits");`);

    this.addSql(`create table "customer_list_state" ("id" int not null, "version" int not null, "built_at" timestamptz not null, constraint "customer_list_state_pkey" primary key ("id"));`);

    this.addSql(`create table "customer_list_tag" ("customer_id" uuid not null, "tag_id" uuid not null, constraint "customer_list_tag_pkey" primary key ("customer_id", "tag_id"));`);
    this.addSql(`create index "customer_list_tag_tag_id_customer_id_index" on "customer_list_tag" ("tag_id", "customer_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_list_partner" cascade;`);

    this.addSql(`drop table if exists "customer_list_row" cascade;`);

    this.addSql(`drop table if exists "customer_list_state" cascade;`);

    this.addSql(`drop table if exists "customer_list_tag" cascade;`);
  }

}
