import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, type Opt, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { PartnerUser } from '../auth/user.entity';

/**
 * A named filter set of the customer list (directory store): the list's query string without the page
 * cursor. Names are unique per owner ignoring case; a shared view is listed for every admin of the partner.
 */
@Entity({ tableName: 'saved_view' })
@Unique({ properties: ['owner', 'nameKey'] })
@Index({ properties: ['partnerId', 'shared'] })
export class SavedView {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  partnerId!: string;

  @ManyToOne(() => PartnerUser, { deleteRule: 'cascade' })
  owner!: PartnerUser;

  /** 1–60 characters, shown as text. */
  @Property({ type: 'string', length: 60 })
  name!: string;

  /** `name` lower-cased: the uniqueness key. */
  @Property({ type: 'string', length: 240 })
  nameKey!: string;

  /** Canonical list query string (`status=TRIAL&sort=NAME&desc=1`), validated when saved. */
  @Property({ type: 'text' })
  query!: string;

  /** Names of the view's tags when it was saved (tag id → name), to say which deleted tag was left out. */
  @Property({ type: 'json' })
  tagNames: Record<string, string> & Opt = {};

  @Property({ type: 'boolean' })
  shared: boolean & Opt = false;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
