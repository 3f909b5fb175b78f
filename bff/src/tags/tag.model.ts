import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A partner's custom tag. */
@ObjectType('Tag')
export class TagModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: '#rrggbb' })
  color!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}
