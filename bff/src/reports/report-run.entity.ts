import { randomUUID } from 'node:crypto';
import { Entity, Enum, Index, ManyToOne, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { REGIONS, type Region } from '@ph/contracts';
import { Partner } from '../partners/partner.entity';

export const REPORT_RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export type ReportRunStatus = (typeof REPORT_RUN_STATUSES)[number];

/** One generation of a report file (directory store, so any replica can list and serve it). */
@Entity({ tableName: 'report_run' })
@Index({ properties: ['partner', 'createdAt'] })
export class ReportRun {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Partner)
  partner!: Partner;

  @Property({ type: 'uuid' })
  templateId!: string;

  @Property({ type: 'string', length: 200 })
  templateName!: string;

  /** The default template the rows come from (`devices`, `call-history`, …). */
  @Property({ type: 'string', length: 50 })
  kind!: string;

  /** The region read, or null for an "all regions" run (see {@link regions}). */
  @Enum({ items: [...REGIONS], nullable: true })
  region: Region | null = null;

  /** An "all regions" run: the regions read, each from its own store, into one file. */
  @Property({ type: 'json', nullable: true })
  regions: string[] | null = null;

  @Property({ type: 'string', length: 5 })
  locale!: string;

  /** `labels` (the user's language) or `ids` (machine-stable column ids). */
  @Property({ type: 'string', length: 10 })
  headers!: string;

  /** The columns written, in order (a custom template's choice); null = every column of the kind. */
  @Property({ type: 'json', nullable: true })
  columns: string[] | null = null;

  @Property({ type: 'datetime', nullable: true })
  periodFrom: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  periodTo: Date | null = null;

  @Enum({ items: [...REPORT_RUN_STATUSES] })
  status: ReportRunStatus & Opt = 'RUNNING';

  @Property({ type: 'integer' })
  rows: number & Opt = 0;

  @Property({ type: 'bigint', nullable: true })
  bytes: number | null = null;

  @Property({ type: 'uuid' })
  createdById!: string;

  @Property({ type: 'string', length: 320 })
  createdByEmail!: string;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  finishedAt: Date | null = null;

  /** The file is deleted after this moment (config: REPORT_RETENTION_DAYS). */
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'string', length: 500, nullable: true })
  error: string | null = null;
}
