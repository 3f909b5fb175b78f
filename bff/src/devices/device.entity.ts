import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';
import { Location } from '../locations/location.entity';

/** A desk phone, room device or headset of a customer (region store). */
@Entity({ tableName: 'device' })
@Index({ properties: ['customer', 'mac'] })
export class Device {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  /** `AA:BB:CC:DD:EE:FF`. */
  @Property({ type: 'string', length: 17 })
  mac!: string;

  /** Product / model, e.g. `Desk Phone 9800`. */
  @Property({ type: 'string', length: 100 })
  model!: string;

  @Property({ type: 'string', length: 50 })
  firmware!: string;

  @ManyToOne(() => Location, { nullable: true })
  location: Location | null = null;

  /** The user the device is assigned to (uuid in the customer's org), if any. */
  @Property({ type: 'uuid', nullable: true })
  userId: string | null = null;

  /** E.164 number, if the device has one. */
  @Property({ type: 'string', length: 20, nullable: true })
  phoneNumber: string | null = null;

  @Property({ type: 'string', length: 10, nullable: true })
  extension: string | null = null;

  /** The wholesale provider's id for the device. */
  @Property({ type: 'string', length: 100, nullable: true })
  externalId: string | null = null;
}
