import type { FastifyReply, FastifyRequest } from 'fastify';

/** What Mercurius hands resolvers and guards as GraphQL context (`req` set by @nestjs/mercurius). */
export interface GraphQLRequestContext {
  req: FastifyRequest;
  reply: FastifyReply;
}
