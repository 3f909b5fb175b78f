import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@ph/contracts';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { isUuid } from '../common/ids';
import { RegionStores } from '../database/stores';
import { Partner } from '../partners/partner.entity';
import { PartnerApiKey } from './api-key.entity';
import type { ApiKeyModel } from './models/signed-in-user.model';
import { sha256 } from './sessions.service';
import type { RequestActor } from './sessions.service';

const KEY_PREFIX = 'phk_';

function toModel(key: PartnerApiKey): ApiKeyModel {
  const { id, name, prefix, createdAt, lastUsedAt, revokedAt } = key;
  return { id, name, prefix, createdAt, lastUsedAt, revokedAt };
}

/** Who a raw API key is: the key (id and name, as audit events name it), its partner, and whether it is revoked. */
export interface ApiKeyIdentity {
  apiKeyId: string;
  name: string;
  partnerId: string;
  revoked: boolean;
}

/** Partner API keys for data ingestion: only a SHA-256 hash of each key is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly stores: RegionStores,
    private readonly audit: AuditService,
  ) {}

  /** The partner a raw key belongs to, or null for an unknown or revoked key. */
  async authenticate(rawKey: string): Promise<{ partnerId: string } | null> {
    const key = await this.identify(rawKey);
    return key && !key.revoked ? { partnerId: key.partnerId } : null;
  }

  /**
   * The key a raw key is (revoked ones too, so a refusal can be audited for its partner), or null
   * for an unknown key. Marks a live key as used.
   */
  async identify(rawKey: string): Promise<ApiKeyIdentity | null> {
    if (typeof rawKey !== 'string' || !rawKey.startsWith(KEY_PREFIX) || rawKey.length > 200) return null;
    const em = this.stores.directory();
    const key = await em.findOne(PartnerApiKey, { keyHash: sha256(rawKey) });
    if (!key) return null;
    if (!key.revokedAt) await em.nativeUpdate(PartnerApiKey, { id: key.id }, { lastUsedAt: new Date() });
    return { apiKeyId: key.id, name: key.name, partnerId: key.partner.id, revoked: key.revokedAt !== null };
  }

  /** Creates a key for the partner and returns the raw key (shown once). */
  async create(partnerId: string, name: string): Promise<string> {
    return (await this.createFor(null, partnerId, name)).rawKey;
  }

  /** Creates a key on behalf of a full admin (audited). */
  async createAs(actor: RequestActor, name: string): Promise<{ apiKey: ApiKeyModel; rawKey: string }> {
    return this.createFor(actor, actor.partnerId, name);
  }

  private async createFor(actor: RequestActor | null, partnerId: string, name: string): Promise<{ apiKey: ApiKeyModel; rawKey: string }> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 100) throw new AppError(ErrorCode.BadUserInput, 'Invalid key name');
    const rawKey = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const key = await this.stores.directory().transactional(async (tx) => {
      const created = tx.create(PartnerApiKey, {
        partner: tx.getReference(Partner, partnerId),
        name: trimmed,
        prefix: rawKey.slice(0, 12),
        keyHash: sha256(rawKey),
        createdById: actor?.userId ?? null,
      });
      this.audit.append(tx, {
        actor,
        partnerId,
        action: 'apiKeys.create',
        outcome: 'SUCCESS',
        targetType: 'apiKey',
        targetId: created.id,
        after: { name: trimmed, prefix: created.prefix },
        requestId: actor?.requestId ?? null,
      });
      return created;
    });
    return { apiKey: toModel(key), rawKey };
  }

  /** The partner's keys, newest first. */
  async list(actor: RequestActor): Promise<ApiKeyModel[]> {
    const keys = await this.stores.directory().find(PartnerApiKey, { partner: actor.partnerId }, { orderBy: { createdAt: 'desc', id: 'asc' } });
    return keys.map(toModel);
  }

  /** Revokes one of the partner's keys. */
  async revoke(actor: RequestActor, id: string): Promise<ApiKeyModel> {
    if (!isUuid(id)) throw new AppError(ErrorCode.NotFound, 'API key not found');
    const key = await this.stores.directory().transactional(async (tx) => {
      const found = await tx.findOne(PartnerApiKey, { id, partner: actor.partnerId });
      if (!found) throw new AppError(ErrorCode.NotFound, 'API key not found');
      if (!found.revokedAt) {
        found.revokedAt = new Date();
        this.audit.append(tx, {
          actor,
          action: 'apiKeys.revoke',
          outcome: 'SUCCESS',
          targetType: 'apiKey',
          targetId: found.id,
          before: { revoked: false },
          after: { revoked: true },
          requestId: actor.requestId,
        });
      }
      return found;
    });
    return toModel(key);
  }
}
