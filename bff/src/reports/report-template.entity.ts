import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Partner } from '../partners/partner.entity';

/** A report template: a default one (no partner) or a partner's custom one (directory store). */
@Entity({ tableName: 'report_template' })
@Unique({ properties: ['partner', 'key'] })
@Unique({ properties: ['partner', 'nameKey'] })
export class ReportTemplate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Partner, { nullable: true })
  partner: Partner | null = null;

  @Property({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Custom templates: the name trimmed and lower-cased, unique per partner (null for a default template). */
  @Property({ type: 'string', length: 200, nullable: true })
  nameKey: string | null = null;

  /** Custom templates: the default template the rows come from (null for a default template). */
  @Property({ type: 'string', length: 50, nullable: true })
  baseKey: string | null = null;

  /** Custom templates: the chosen column ids, in order (null = every column of the base). */
  @Property({ type: 'json', nullable: true })
  columns: string[] | null = null;

  /** Custom templates: only these customers (always intersected with the runner's scope); null = all. */
  @Property({ type: 'json', nullable: true })
  customerIds: string[] | null = null;

  /** Custom templates: only customers carrying any of these tags (directory store; intersected with {@link customerIds} and the runner's scope); null = no tag filter. */
  @Property({ type: 'json', nullable: true })
  tagIds: string[] | null = null;

  /** Custom templates on call reports: a fixed period [from, to). */
  @Property({ type: 'datetime', nullable: true })
  periodFrom: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  periodTo: Date | null = null;

  @Property({ type: 'uuid', nullable: true })
  createdById: string | null = null;
}

/** The default template whose rows a template writes: a custom template's base, else its own key. */
export function templateKind(template: Pick<ReportTemplate, 'key' | 'baseKey'>): string {
  return template.baseKey ?? template.key;
}
