import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { PartnerUser } from './user.entity';

export const PASSWORD_TOKEN_PURPOSES = ['INVITE', 'RESET'] as const;
/** INVITE: issued with a new user; RESET: a full admin reset the user's password. */
export type PasswordTokenPurpose = (typeof PASSWORD_TOKEN_PURPOSES)[number];

/**
 * A single-use set-password link (directory store, so any replica redeems it). Only the SHA-256 of
 * the token is stored; the link is shown once to the admin who issued it.
 */
@Entity({ tableName: 'password_token' })
@Index({ properties: ['user', 'usedAt', 'revokedAt'] })
export class PasswordToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** SHA-256 (hex) of the token. */
  @Property({ type: 'string', length: 64, unique: true, hidden: true })
  tokenHash!: string;

  @ManyToOne(() => PartnerUser)
  user!: PartnerUser;

  @Enum({ items: [...PASSWORD_TOKEN_PURPOSES] })
  purpose!: PasswordTokenPurpose;

  @Property({ type: 'uuid', nullable: true })
  createdById: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** When the invitee set their password with it. */
  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  /** When a newer link for the same user replaced it. */
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
