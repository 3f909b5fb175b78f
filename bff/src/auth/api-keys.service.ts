import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * Authenticates partner API keys (machine access, e.g. ingestion). For now the keys come from the
 * validated config (`INGEST_API_KEYS`); the authentication work moves them to a directory table.
 */
@Injectable()
export class ApiKeysService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The partner a raw key belongs to, or null for an unknown key (compared in constant time). */
  async authenticate(rawKey: string): Promise<{ partnerId: string } | null> {
    const given = Buffer.from(rawKey);
    for (const [key, partnerId] of this.config.ingestApiKeys) {
      const known = Buffer.from(key);
      if (known.length === given.length && timingSafeEqual(known, given)) return { partnerId };
    }
    return null;
  }
}
