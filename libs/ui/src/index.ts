export { createGraphQLClient, errorCodeOf, GraphQLRequestError, type GraphQLClientOptions } from './graphql-client';
export { createCountryName, createModuleTranslator, createNumberFormat, UI_NAMESPACE, type LocaleResources, type ModuleTranslate, type TranslateOptions } from './i18n';
export { flattenKeys, keyParity, missingKeys } from './locale-keys';
export { EmptyState, ErrorMessage, Loadable, LoadingState, type EmptyStateProps, type ErrorMessageProps, type LoadableProps, type LoadingStateProps } from './states';
export { mountStandalone, type StandaloneOptions } from './standalone';
export { UsageBar, type UsageBarProps } from './usage-bar';
