import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLRequestContext } from '../common/request-context';
import { actorOf } from './policy.guard';

/** The signed-in actor of a GraphQL operation (authenticated by `PolicyGuard`). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  actorOf(GqlExecutionContext.create(context).getContext<GraphQLRequestContext>().req),
);
