import { randomUUID } from 'node:crypto';
import { Entity, Enum, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { PARTNER_ROLES, type PartnerRole } from '@ph/contracts';
import { CustomerDirectoryEntry } from '../customers/customer.entity';
import { Partner } from '../partners/partner.entity';

/** A partner administrator who can sign in to the console (directory store). */
@Entity({ tableName: 'partner_user' })
@Unique({ properties: ['oidcIssuer', 'oidcSubject'] })
export class PartnerUser {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Partner)
  partner!: Partner;

  /** Lower-cased; unique across the deployment (it is the sign-in name). */
  @Property({ type: 'string', length: 320, unique: true })
  email!: string;

  @Property({ type: 'string', length: 200 })
  displayName!: string;

  /** The user's one partner administrator role (granted by a full admin). */
  @Enum({ items: [...PARTNER_ROLES] })
  role!: PartnerRole;

  /** argon2id hash; null for users who only sign in with SSO (or have not been given a password). */
  @Property({ type: 'string', length: 200, nullable: true, hidden: true })
  passwordHash: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  oidcIssuer: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  oidcSubject: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  createdById: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}

export const ASSIGNMENT_KINDS = ['ASSIGNED', 'CREATED'] as const;
/** ASSIGNED: a full admin assigned the user; CREATED: the user created the customer. */
export type AssignmentKind = (typeof ASSIGNMENT_KINDS)[number];

/** Gives a scoped admin (ADMIN / SALES_ADMIN) access to one customer (directory store). */
@Entity({ tableName: 'customer_admin_assignment' })
@Unique({ properties: ['customer', 'user', 'kind'] })
export class CustomerAdminAssignment {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => CustomerDirectoryEntry)
  customer!: CustomerDirectoryEntry;

  @ManyToOne(() => PartnerUser)
  user!: PartnerUser;

  @Enum({ items: [...ASSIGNMENT_KINDS] })
  kind: AssignmentKind & Opt = 'ASSIGNED';

  @Property({ type: 'uuid', nullable: true })
  assignedById: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();
}
