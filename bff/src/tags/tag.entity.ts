import { randomUUID } from 'node:crypto';
import { Entity, type Opt, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { CustomerDirectoryEntry } from '../customers/customer.entity';

/** A partner's custom tag (directory store); names are unique per partner ignoring case. */
@Entity({ tableName: 'customer_tag' })
@Unique({ properties: ['partnerId', 'nameKey'] })
export class Tag {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @Property({ type: 'uuid' })
  partnerId!: string;

  /** 1–25 characters, shown as text. */
  @Property({ type: 'string', length: 25 })
  name!: string;

  /** `name` lower-cased: the uniqueness key. */
  @Property({ type: 'string', length: 25 })
  nameKey!: string;

  /** `#rrggbb`. */
  @Property({ type: 'string', length: 7 })
  color!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  description: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}

/** A tag on a customer (directory store). */
@Entity({ tableName: 'customer_tag_assignment' })
@Unique({ properties: ['tag', 'customer'] })
@Index({ properties: ['customer'] })
export class CustomerTagAssignment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Tag, { deleteRule: 'cascade' })
  tag!: Tag;

  @ManyToOne(() => CustomerDirectoryEntry)
  customer!: CustomerDirectoryEntry;
}
