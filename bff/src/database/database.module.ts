import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { RegionStores } from './stores';

/** Provides {@link RegionStores}: opened and migrated before the app starts, closed on shutdown. */
@Global()
@Module({
  providers: [{ provide: RegionStores, inject: [APP_CONFIG], useFactory: (config: AppConfig) => RegionStores.open(config) }],
  exports: [RegionStores],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(RegionStores) private readonly stores: RegionStores) {}

  async onApplicationShutdown(): Promise<void> {
    await this.stores.close();
  }
}
