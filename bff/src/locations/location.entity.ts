import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity';

/** A site of a customer (region store); devices and numbers belong to one. */
@Entity({ tableName: 'location' })
@Index({ properties: ['customer', 'name'] })
export class Location {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 200 })
  address!: string;

  @Property({ type: 'string', length: 100 })
  city!: string;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'string', length: 2 })
  country!: string;

  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  @Property({ type: 'string', length: 64 })
  timeZone!: string;
}
