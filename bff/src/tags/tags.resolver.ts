import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { TagModel } from './tag.model';
import { CreateTagInput, TagCustomersInput, UpdateTagInput } from './tags.inputs';
import { TagsService } from './tags.service';

/** Custom tags and their assignment to customers. */
@Resolver(() => TagModel)
export class TagsResolver {
  constructor(private readonly service: TagsService) {}

  @Query(() => [TagModel], { description: "The partner's custom tags (visible to every admin)." })
  @Policy('customers.read')
  tags(@CurrentActor() actor: RequestActor): Promise<TagModel[]> {
    return this.service.list(actor);
  }

  @Mutation(() => TagModel)
  @Policy('tags.manage')
  createTag(@CurrentActor() actor: RequestActor, @Args('input') input: CreateTagInput): Promise<TagModel> {
    return this.service.create(actor, input);
  }

  @Mutation(() => TagModel, { description: 'Renames and/or recolours a tag.' })
  @Policy('tags.manage')
  updateTag(@CurrentActor() actor: RequestActor, @Args('input') input: UpdateTagInput): Promise<TagModel> {
    return this.service.update(actor, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a tag and removes it from every customer.' })
  @Policy('tags.manage')
  deleteTag(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.remove(actor, id);
  }

  @Mutation(() => Int, { description: 'Puts a tag on customers (one or a multi-selection); returns how many changed.' })
  @Policy('customer')
  assignTag(@CurrentActor() actor: RequestActor, @Args('input') input: TagCustomersInput): Promise<number> {
    return this.service.setOnCustomers(actor, input, true);
  }

  @Mutation(() => Int, { description: 'Takes a tag off customers; returns how many changed.' })
  @Policy('customer')
  unassignTag(@CurrentActor() actor: RequestActor, @Args('input') input: TagCustomersInput): Promise<number> {
    return this.service.setOnCustomers(actor, input, false);
  }
}
