import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { RegionEnum } from '../../graphql/region.enum';
import { TagModel } from '../../tags/tag.model';
import type { Region } from '@ph/contracts';

/** A customer a custom template is limited to (only those the signed-in user may see are listed). */
@ObjectType('ReportTemplateCustomer')
export class ReportTemplateCustomerModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => RegionEnum)
  region!: Region;
}

/** A report template the partner can run or schedule. */
@ObjectType('ReportTemplate')
export class ReportTemplateModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable machine key, e.g. `call-detail` (`custom:<id>` for a custom template).' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The default template the rows come from (its own key for a default template).' })
  kind!: string;

  @Field(() => Boolean, { description: 'True for a custom template of the partner.' })
  custom!: boolean;

  @Field(() => String, { nullable: true, description: 'Custom templates: the default template they are based on.' })
  baseKey?: string | null;

  @Field(() => [String], { nullable: true, description: 'Custom templates: the chosen column ids, in order.' })
  columns?: string[] | null;

  @Field(() => [ReportTemplateCustomerModel], {
    nullable: true,
    description: "Custom templates: the customers it is limited to that the signed-in user may see (null: no customer filter).",
  })
  customers?: ReportTemplateCustomerModel[] | null;

  @Field(() => [ID], { nullable: true, description: 'Custom templates: the tag filter (customers carrying any of these tags; null: no tag filter).' })
  tagIds?: string[] | null;

  @Field(() => [TagModel], { nullable: true, description: 'The tags of the tag filter that still exist.' })
  tags?: TagModel[] | null;

  @Field(() => Date, { nullable: true, description: 'Custom templates on call reports: fixed period start.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Custom templates on call reports: fixed period end (exclusive).' })
  to?: Date | null;

  @Field(() => Boolean, { description: 'True when the signed-in user may edit and delete this template.' })
  canEdit!: boolean;
}

/** One column a template of a kind can have. */
@ObjectType('ReportColumn')
export class ReportColumnModel {
  @Field(() => String, { description: 'Machine-stable column id (the header with `headers: IDS`).' })
  id!: string;

  @Field(() => String, { description: 'The header in the requested language.' })
  header!: string;
}

/** A default report kind: its columns and the period it allows (what a custom template may choose). */
@ObjectType('ReportKind')
export class ReportKindModel {
  @Field(() => String)
  key!: string;

  @Field(() => [ReportColumnModel], { description: 'Every column, in the default order.' })
  columns!: ReportColumnModel[];

  @Field(() => Boolean, { description: 'False for inventory snapshots (no period can be chosen).' })
  periodAllowed!: boolean;

  @Field(() => Int, { nullable: true, description: 'The longest period in days (call reports).' })
  maxPeriodDays?: number | null;
}

@InputType()
export class CreateReportTemplateInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Key of the default template it is based on.' })
  baseKey!: string;

  @Field(() => [String], { description: 'Column ids of the base template, in the order wanted.' })
  columns!: string[];

  @Field(() => [ID], { nullable: true, description: 'Only these customers (null: every customer the runner may see).' })
  customerIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only customers carrying any of these tags (null or empty: no tag filter).' })
  tagIds?: string[] | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}

@InputType()
export class UpdateReportTemplateInput extends CreateReportTemplateInput {
  @Field(() => ID)
  id!: string;
}
