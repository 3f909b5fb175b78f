import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { actorToSignedInUser } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { SessionModel, SignedInUserModel } from './models/signed-in-user.model';
import { Policy } from './policy';
import { SessionsService, type RequestActor } from './sessions.service';

/** The signed-in user and their own sessions. */
@Resolver()
export class AuthResolver {
  constructor(private readonly sessions: SessionsService) {}

  @Query(() => SignedInUserModel, { description: 'The signed-in partner administrator.' })
  @Policy('authenticated')
  me(@CurrentActor() actor: RequestActor): SignedInUserModel {
    return actorToSignedInUser(actor);
  }

  @Query(() => [SessionModel], { description: "The signed-in user's active sessions." })
  @Policy('authenticated')
  async mySessions(@CurrentActor() actor: RequestActor): Promise<SessionModel[]> {
    const sessions = await this.sessions.list(actor);
    return sessions.map(({ id, method, createdAt, lastSeenAt, expiresAt, ip, userAgent }) => ({
      id, method, createdAt, lastSeenAt, expiresAt, ip, userAgent, current: id === actor.sessionId,
    }));
  }

  @Mutation(() => Boolean, { description: 'Revokes one of your own sessions (signs that browser out).' })
  @Policy('authenticated')
  revokeSession(@CurrentActor() actor: RequestActor, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.sessions.revoke(actor, id);
  }
}
