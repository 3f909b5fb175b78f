import { randomUUID } from 'node:crypto';
import { BeforeUpdate, Entity, type EventArgs, type Opt, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { ErrorCode, REGIONS, type Region } from '@ph/contracts';
import { AppError } from '../common/app-error';
import { Partner } from '../partners/partner.entity';

export const MANAGED_BY = ['EXTERNAL_ADMIN', 'PARTNER_ORG'] as const;
export type ManagedBy = (typeof MANAGED_BY)[number];

/** Where a customer organisation lives and who manages it (directory store; no customer data). */
@Entity({ tableName: 'customer_directory_entry' })
export class CustomerDirectoryEntry {
  /** The customer's org id; the same id keys the customer in its region store. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Partner)
  partner!: Partner;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'string', length: 2 })
  country!: string;

  /** Data-residency region, decided once by the country; immutable (the data cannot move). */
  @Index()
  @Enum({ items: [...REGIONS] })
  region!: Region;

  @Property({ type: 'string', length: 100, nullable: true })
  externalId: string | null = null;

  @Enum({ items: [...MANAGED_BY] })
  managedBy!: ManagedBy;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  /** Refuses any flush that would change the region: a customer's data never moves to another store. */
  @BeforeUpdate()
  protected keepRegion(args: EventArgs<CustomerDirectoryEntry>): void {
    if (args.changeSet && 'region' in args.changeSet.payload) {
      throw new AppError(ErrorCode.Forbidden, "A customer's region cannot be changed");
    }
  }
}

/** A customer organisation's data (region store only). */
@Entity({ tableName: 'customer' })
@Index({ properties: ['name', 'id'] })
export class Customer {
  /** Same org id as the customer's {@link CustomerDirectoryEntry}. */
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Index()
  @Property({ type: 'uuid' })
  partnerId!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'string', length: 2 })
  country!: string;

  @Property({ type: 'string', length: 200 })
  contactName!: string;

  @Property({ type: 'string', length: 320 })
  contactEmail!: string;

  @Property({ type: 'string', length: 32, nullable: true })
  contactPhone: string | null = null;

  /** Last sign-in of any of the customer's own admins to their control hub ("no recent activity"). */
  @Property({ type: 'datetime', nullable: true })
  lastAdminSignInAt: Date | null = null;

  /** When the partner added the customer ("recently added"). */
  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
