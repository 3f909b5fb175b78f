import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { GRAPHQL_PATH } from '@ph/contracts';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { AppConfig } from '../config/config';
import { aliasLimitRule, formatGraphQLErrors } from './errors';

export const MAX_QUERY_DEPTH = 10;
export const MAX_ALIASES = 20;

/**
 * Mercurius options: in-memory sorted schema, limits, error mapping; no introspection or GraphiQL in production.
 * No graphql-jit (`jit`): its compiled variable coercion leaves out input-field defaults (a
 * `RunReportInput` without `headers` was refused as BAD_USER_INPUT), for about 10 % of a page's time.
 */
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
  };
}
