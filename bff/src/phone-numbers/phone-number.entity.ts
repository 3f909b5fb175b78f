import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';
import { Location } from '../locations/location.entity';

export const NUMBER_USER_TYPES = ['PERSON', 'AUTO_ATTENDANT', 'VIRTUAL_LINE', 'HUNT_GROUP', 'CALL_QUEUE', 'WORKSPACE', 'UNASSIGNED'] as const;
export type NumberUserType = (typeof NUMBER_USER_TYPES)[number];

export const NUMBER_ROLES = ['PRIMARY', 'SECONDARY'] as const;
export type NumberRole = (typeof NUMBER_ROLES)[number];

/** A phone number (E.164) or an extension-only number of a customer (region store). */
@Entity({ tableName: 'phone_number' })
@Index({ properties: ['customer', 'e164'] })
export class PhoneNumber {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  /** E.164 (`+31201234567`); null for an extension-only number. */
  @Property({ type: 'string', length: 20, nullable: true })
  e164: string | null = null;

  @Property({ type: 'string', length: 10, nullable: true })
  extension: string | null = null;

  @ManyToOne(() => Location, { nullable: true })
  location: Location | null = null;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'string', length: 2 })
  country!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  pstnProvider: string | null = null;

  @Property({ type: 'boolean' })
  active!: boolean;

  @Enum({ items: [...NUMBER_USER_TYPES] })
  userType!: NumberUserType;

  @Enum({ items: [...NUMBER_ROLES] })
  role!: NumberRole;

  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  @Property({ type: 'string', length: 320, nullable: true })
  userEmail: string | null = null;
}
