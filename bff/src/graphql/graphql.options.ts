import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { GRAPHQL_PATH } from '@ph/contracts';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { AppConfig } from '../config/config';
import { aliasLimitRule, formatGraphQLErrors } from './errors';

export const MAX_QUERY_DEPTH = 10;
export const MAX_ALIASES = 20;

/** Mercurius options: in-memory sorted schema, limits, error mapping, compiled queries; no introspection or GraphiQL in production. */
export function graphqlOptions(config: AppConfig): MercuriusDriverConfig {
  const production = config.nodeEnv === 'production';
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: !production,
    queryDepth: MAX_QUERY_DEPTH,
    validationRules: production
      ? [NoSchemaIntrospectionCustomRule, aliasLimitRule(MAX_ALIASES)]
      : [aliasLimitRule(MAX_ALIASES)],
    errorFormatter: formatGraphQLErrors,
    // A query is compiled with graphql-jit from its second run on (its parse and validation are cached from the first).
    jit: 1,
  };
}
