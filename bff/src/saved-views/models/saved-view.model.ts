import { Field, ID, ObjectType } from '@nestjs/graphql';

/** A saved view as the list's menu shows it. */
@ObjectType('SavedView')
export class SavedViewModel {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The query string to open (no `?`); tags deleted since the view was saved are left out.' })
  query!: string;

  @Field({ description: "Listed for the partner's other administrators too." })
  shared!: boolean;

  @Field({ description: 'The view is yours (you may rename, share and delete it).' })
  mine!: boolean;

  @Field({ description: 'You may delete it (yours, or as a full partner administrator a view another admin shared).' })
  canDelete!: boolean;

  @Field()
  ownerName!: string;

  @Field(() => [String], { description: 'Names (as saved) of tags of the view that no longer exist; they were left out of `query`.' })
  droppedTags!: string[];

  @Field()
  updatedAt!: Date;
}
