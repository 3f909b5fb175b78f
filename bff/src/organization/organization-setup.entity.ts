import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';

/** Who set up the partner's own organisation and accepted which terms, when (directory store). */
@Entity({ tableName: 'organization_setup' })
export class OrganizationSetup {
  @PrimaryKey({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'string', length: 20 })
  termsVersion!: string;

  @Property({ type: 'uuid' })
  acceptedById!: string;

  @Property({ type: 'datetime' })
  acceptedAt: Date & Opt = new Date();
}
