import { ErrorCode, type GraphQLClient, type ModuleId, type ModuleProps, type RemoteModule, type SignedInUser } from '@ph/contracts';
import { createModuleTranslator, GraphQLRequestError } from '@ph/ui';
import { createMemoryHistory } from '@solidjs/router';
import { render } from '@solidjs/testing-library';
import { createAuthApi } from './auth';
import { createShellI18n } from './i18n';
import type { RemoteLoader } from './remotes';
import { Shell } from './shell';

/** The user the fakes sign in as. */
export const TEST_USER: SignedInUser = {
  id: 'u1',
  email: 'full@demo.example',
  displayName: 'Fran Full',
  role: 'FULL_ADMIN',
  partnerId: 'p1',
  partnerName: 'Demo Partner',
};

/** A GraphQL answer: data, or a thrown error. */
export type FakeAnswer = (variables: Record<string, unknown> | undefined) => unknown;

/** A fake GraphQL client answering by operation name (`Me`, `MySessions`…); `me` fails UNAUTHENTICATED unless `signedIn()`. */
export function createFakeGql(options: { signedIn: () => boolean; user?: SignedInUser; answers?: Record<string, FakeAnswer> }) {
  const calls: { operation: string; variables?: Record<string, unknown> }[] = [];
  const gql: GraphQLClient = {
    async request<TData>(query: string, variables?: Record<string, unknown>) {
      const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
      calls.push({ operation, variables });
      if (operation === 'Me') {
        if (!options.signedIn()) throw new GraphQLRequestError(ErrorCode.Unauthenticated);
        return { me: options.user ?? TEST_USER } as TData;
      }
      const answer = options.answers?.[operation];
      if (!answer) throw new Error(`unexpected operation ${operation}`);
      return answer(variables) as TData;
    },
  };
  return { gql, calls };
}

/** A fake remote that uses the host like a real one: own namespace, reactive locale and region. */
export function fakeModule(id: ModuleId): RemoteModule {
  return {
    namespace: id,
    App: (props: ModuleProps) => {
      const t = createModuleTranslator(props.host, id, { en: { hello: '{{id}} in {{region}}' }, nl: { hello: '{{id}} in {{region}} (nl)' } });
      return <p data-testid={`module-${id}`}>{t('hello', { id, region: props.host.region() })}</p>;
    },
  };
}

/** Renders the shell on a memory history at `path`, with injected GraphQL, fetch and loader. */
export async function renderShell(options: { gql: GraphQLClient; fetch?: typeof fetch; loader?: RemoteLoader; path?: string }) {
  const i18n = await createShellI18n('en');
  const history = createMemoryHistory();
  history.set({ value: options.path ?? '/' });
  const fetch = options.fetch ?? (async () => new Response(null, { status: 204 }));
  const loader = options.loader ?? { load: async (id: ModuleId) => fakeModule(id) };
  render(() => (
    <Shell
      i18n={i18n}
      gql={options.gql}
      loader={loader}
      auth={createAuthApi({ fetch })}
      initialRegion="US"
      initialLocale="en"
      history={history}
    />
  ));
  return history;
}
