import { Controller, Get, Header, Inject } from '@nestjs/common';
import { MODULES, REMOTES_MANIFEST_PATH, type RemotesManifest } from '@ph/contracts';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** Builds the remotes manifest the shell loads at run time. */
export function remotesManifest(config: AppConfig): RemotesManifest {
  return {
    remotes: MODULES.map((m) => ({
      id: m.id,
      name: m.federationName,
      entry: config.remoteEntries[m.id],
      routePrefix: m.routePrefix,
    })),
    timeoutMs: config.remoteTimeoutMs,
  };
}

/** Serves the remotes manifest at `REMOTES_MANIFEST_PATH`. */
@Controller()
export class RemotesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get(REMOTES_MANIFEST_PATH)
  @Header('Cache-Control', 'no-cache')
  manifest(): RemotesManifest {
    return remotesManifest(this.config);
  }
}
