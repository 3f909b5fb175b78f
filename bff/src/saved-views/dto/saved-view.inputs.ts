import { Field, ID, InputType } from '@nestjs/graphql';

/** A new saved view of the customer list. */
@InputType()
export class CreateSavedViewInput {
  @Field({ description: '1–60 characters, unique among your own views ignoring case.' })
  name!: string;

  @Field({ description: "The list's query string without the page cursor, e.g. `status=EXPIRING_SOON&tag=<id>&sort=NEXT_END_DATE` (keys as in the list URL)." })
  query!: string;

  @Field({ defaultValue: false, description: "Also list it for the partner's other administrators." })
  shared!: boolean;
}

/** Rename and/or share or unshare one of your views. */
@InputType()
export class UpdateSavedViewInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  shared?: boolean | null;
}
