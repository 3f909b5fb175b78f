import { Field, ID, InputType } from '@nestjs/graphql';
import type { Region } from '@ph/contracts';
import { RegionEnum } from '../graphql/region.enum';

/** A new tag. */
@InputType()
export class CreateTagInput {
  @Field({ description: '1–25 characters, unique per partner ignoring case.' })
  name!: string;

  @Field({ description: '#rrggbb' })
  color!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

/** Rename and/or recolour a tag. */
@InputType()
export class UpdateTagInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  color?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;
}

/** Put a tag on (or take it off) one or more customers of one region. */
@InputType()
export class TagCustomersInput {
  @Field(() => RegionEnum)
  region!: Region;

  @Field(() => ID)
  tagId!: string;

  @Field(() => [ID], { description: '1–200 customer org ids.' })
  customerIds!: string[];
}
