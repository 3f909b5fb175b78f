import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../../graphql/region.enum';
import type { ReportSchedule } from '../report-schedule.entity';
import { ReportHeadersEnum } from './report-run.model';

export enum ScheduleFrequencyEnum {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
  MONTHLY = 'MONTHLY',
}
registerEnumType(ScheduleFrequencyEnum, { name: 'ScheduleFrequency', description: 'How often a scheduled report runs.' });

/** A report generated on a schedule. */
@ObjectType('ReportSchedule')
export class ReportScheduleModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  templateName!: string;

  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => ScheduleFrequencyEnum)
  frequency!: ScheduleFrequencyEnum;

  @Field(() => String, { description: '`HH:mm` in `timeZone`.' })
  timeOfDay!: string;

  @Field(() => Int, { nullable: true, description: 'ISO weekday 1 (Monday) – 7 (Sunday), weekly only.' })
  weekday!: number | null;

  @Field(() => Int, { nullable: true, description: '1–31, monthly only (a shorter month runs on its last day).' })
  dayOfMonth!: number | null;

  @Field(() => String)
  timeZone!: string;

  @Field(() => String)
  owner!: string;

  @Field(() => Date)
  nextRunAt!: Date;
}

export function toReportScheduleModel(s: ReportSchedule): ReportScheduleModel {
  return {
    id: s.id,
    templateName: s.templateName,
    region: s.region,
    frequency: s.frequency as ScheduleFrequencyEnum,
    timeOfDay: s.timeOfDay,
    weekday: s.weekday,
    dayOfMonth: s.dayOfMonth,
    timeZone: s.timeZone,
    owner: s.ownerEmail,
    nextRunAt: s.nextRunAt,
  };
}

@InputType()
export class CreateReportScheduleInput {
  @Field(() => ID)
  templateId!: string;

  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => String, { defaultValue: 'en' })
  locale!: string;

  @Field(() => ReportHeadersEnum, { defaultValue: ReportHeadersEnum.LABELS })
  headers!: ReportHeadersEnum;

  @Field(() => ScheduleFrequencyEnum)
  frequency!: ScheduleFrequencyEnum;

  @Field(() => String)
  timeOfDay!: string;

  @Field(() => Int, { nullable: true })
  weekday?: number | null;

  @Field(() => Int, { nullable: true })
  dayOfMonth?: number | null;

  @Field(() => String, { description: 'IANA time zone, e.g. `Europe/Amsterdam`.' })
  timeZone!: string;
}
