import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ApiKeysService } from './api-keys.service';
import { CurrentActor } from './current-actor.decorator';
import { ApiKeyModel, CreatedApiKeyModel } from './models/signed-in-user.model';
import { Policy } from './policy';
import type { RequestActor } from './sessions.service';

/** The partner's API keys for data ingestion (full admins). */
@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly service: ApiKeysService) {}

  @Query(() => [ApiKeyModel])
  @Policy('apiKeys.manage')
  apiKeys(@CurrentActor() actor: RequestActor): Promise<ApiKeyModel[]> {
    return this.service.list(actor);
  }

  @Mutation(() => CreatedApiKeyModel, { description: 'Creates a key; its value is returned only this once.' })
  @Policy('apiKeys.manage')
  createApiKey(@CurrentActor() actor: RequestActor, @Args('name') name: string): Promise<CreatedApiKeyModel> {
    return this.service.createAs(actor, name);
  }

  @Mutation(() => ApiKeyModel)
  @Policy('apiKeys.manage')
  revokeApiKey(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<ApiKeyModel> {
    return this.service.revoke(actor, id);
  }
}
