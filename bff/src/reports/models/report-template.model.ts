import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';

/** A report template the partner can run or schedule. */
@ObjectType('ReportTemplate')
export class ReportTemplateModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable machine key, e.g. `call-detail`.' })
  key!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Custom templates: the default template they are based on.' })
  baseKey?: string | null;

  @Field(() => [String], { nullable: true, description: 'Custom templates: the chosen column ids, in order.' })
  columns?: string[] | null;
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

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}
