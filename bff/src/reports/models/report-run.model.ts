import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import type { ReportRun } from '../report-run.entity';

export enum ReportRunStatusEnum {
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ReportRunStatusEnum, { name: 'ReportRunStatus', description: 'Where a report run is.' });

export enum ReportHeadersEnum {
  LABELS = 'labels',
  IDS = 'ids',
}
registerEnumType(ReportHeadersEnum, { name: 'ReportHeaders', description: "Header row: column names in the user's language, or machine-stable column ids." });

/** One generation of a report file. */
@ObjectType('ReportRun')
export class ReportRunModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  templateName!: string;

  @Field(() => String, { description: 'Key of the default template the rows come from.' })
  kind!: string;

  @Field(() => RegionEnum, { nullable: true, description: 'Null for an "all regions" run.' })
  region!: Region | null;

  @Field(() => [RegionEnum], { nullable: true, description: 'The regions an "all regions" run read.' })
  regions!: Region[] | null;

  @Field(() => ReportRunStatusEnum)
  status!: ReportRunStatusEnum;

  @Field(() => Int, { description: 'Rows written so far (progress while RUNNING).' })
  rows!: number;

  @Field(() => Float, { nullable: true, description: 'File size in bytes once written.' })
  bytes!: number | null;

  @Field(() => String, { description: 'E-mail of who started it.' })
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Date)
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'Session-checked download path once SUCCEEDED.' })
  downloadUrl!: string | null;
}

export function toReportRunModel(run: ReportRun): ReportRunModel {
  return {
    id: run.id,
    templateName: run.templateName,
    kind: run.kind,
    region: run.region,
    regions: (run.regions as Region[] | null) ?? null,
    status: run.status as ReportRunStatusEnum,
    rows: run.rows,
    bytes: run.bytes === null ? null : Number(run.bytes),
    createdBy: run.createdByEmail,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    expiresAt: run.expiresAt,
    downloadUrl: run.status === 'SUCCEEDED' ? `/api/reports/runs/${run.id}/download` : null,
  };
}

@InputType()
export class RunReportInput {
  @Field(() => ID)
  templateId!: string;

  @Field(() => RegionEnum, { nullable: true })
  region?: Region | null;

  @Field(() => Boolean, { nullable: true, description: 'One merged file of every region with the user\'s customers (each read from its own store).' })
  allRegions?: boolean | null;

  @Field(() => String, { defaultValue: 'en', description: 'Language of the header row (`en`, `nl`).' })
  locale!: string;

  @Field(() => ReportHeadersEnum, { defaultValue: ReportHeadersEnum.LABELS })
  headers!: ReportHeadersEnum;

  @Field(() => Date, { nullable: true, description: 'Start of the period (call reports; default 30 days ago).' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of the period, exclusive (call reports; default now).' })
  to?: Date | null;
}
