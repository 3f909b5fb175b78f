import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Policy } from '../auth/policy';
import type { RequestActor } from '../auth/sessions.service';
import { CreateSavedViewInput, UpdateSavedViewInput } from './dto/saved-view.inputs';
import { SavedViewModel } from './models/saved-view.model';
import { SavedViewsService } from './saved-views.service';

/** Saved views of the customer list. */
@Resolver(() => SavedViewModel)
export class SavedViewsResolver {
  constructor(private readonly service: SavedViewsService) {}

  @Query(() => [SavedViewModel], { description: "Your saved views of the customer list and those your partner's other administrators shared, by name." })
  @Policy('customers.read')
  savedViews(@CurrentActor() actor: RequestActor): Promise<SavedViewModel[]> {
    return this.service.list(actor);
  }

  @Mutation(() => SavedViewModel, { description: "Saves the customer list's filters, search and sort under a name." })
  @Policy('savedViews.manage')
  createSavedView(@CurrentActor() actor: RequestActor, @Args('input') input: CreateSavedViewInput): Promise<SavedViewModel> {
    return this.service.create(actor, input);
  }

  @Mutation(() => SavedViewModel, { description: 'Renames, shares or unshares one of your views.' })
  @Policy('savedViews.manage')
  updateSavedView(@CurrentActor() actor: RequestActor, @Args('input') input: UpdateSavedViewInput): Promise<SavedViewModel> {
    return this.service.update(actor, input);
  }

  @Mutation(() => Boolean, { description: 'Deletes one of your views (a full partner administrator also a view another administrator shared).' })
  @Policy('savedViews.manage')
  deleteSavedView(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.service.remove(actor, id);
  }
}
