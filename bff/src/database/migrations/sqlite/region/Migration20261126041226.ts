import { Migration } from '@mikro-orm/migrations';

export class Migration20261126041226 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index \`calling_customer_week_week_start_partner_id_quality_rank_index\`;`);
    this.addSql(`drop index \`calling_customer_week_week_start_partner_id_queue_rank_index\`;`);
    this.addSql(`drop index \`calling_customer_week_customer_id_week_start_index\`;`);

    this.addSql(`create index \`calling_customer_week_week_start_partner_id_queue_rank_customer_id_index\` on \`calling_customer_week\` (\`week_start\`, \`partner_id\`, \`queue_rank\`, \`customer_id\`);`);
    this.addSql(`create index \`calling_customer_week_week_start_partner_id_quality_rank_customer_id_index\` on \`calling_customer_week\` (\`week_start\`, \`partner_id\`, \`quality_rank\`, \`customer_id\`);`);
    this.addSql(`create index \`calling_customer_week_scoped_sums_index\` on \`calling_customer_week\` (\`customer_id\`, \`week_start\`, \`partner_id\`, \`calls\`, \`legs\`, \`seconds\`, \`active_users\`, \`poor_legs\`, \`call_queue_enabled\`, \`hunt_group_calls\`, \`hunt_group_legs\`, \`auto_attendant_calls\`, \`auto_attendant_legs\`, \`call_queue_calls\`, \`call_queue_legs\`, \`transfer_calls\`, \`transfer_legs\`, \`park_calls\`, \`park_legs\`, \`pickup_calls\`, \`pickup_legs\`, \`queue_legs\`, \`queue_abandoned\`, \`answer_wait_seconds\`, \`answer_wait_legs\`, \`abandon_wait_seconds\`, \`abandon_wait_legs\`);`);

    this.addSql(`create index \`calling_endpoint_week_week_start_customer_id_endpoint_type_partner_id_legs_poor_legs_index\` on \`calling_endpoint_week\` (\`week_start\`, \`customer_id\`, \`endpoint_type\`, \`partner_id\`, \`legs\`, \`poor_legs\`);`);

    this.addSql(`drop index \`calling_usage_week_week_start_partner_id_usage_rank_index\`;`);

    this.addSql(`create index \`calling_usage_week_week_start_partner_id_usage_rank_customer_id_index\` on \`calling_usage_week\` (\`week_start\`, \`partner_id\`, \`usage_rank\`, \`customer_id\`);`);
  }

}
