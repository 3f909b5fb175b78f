import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A report template the partner can run or schedule. */
@ObjectType('ReportTemplate')
export class ReportTemplateModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable machine key, e.g. `call-detail`.' })
  key!: string;

  @Field(() => String)
  name!: string;
}
