import { randomUUID } from 'node:crypto';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Partner } from '../partners/partner.entity';

/** A report template: a default one (no partner) or a partner's custom one (directory store). */
@Entity({ tableName: 'report_template' })
@Unique({ properties: ['partner', 'key'] })
export class ReportTemplate {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Partner, { nullable: true })
  partner: Partner | null = null;

  @Property({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;
}
