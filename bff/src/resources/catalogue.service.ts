import { readFileSync, statSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CatalogueError, parseCatalogue, type Catalogue } from './catalogue';

/**
 * Holds the Resources & help catalogue. A bad file refuses the start with its line and reason; at run time
 * the file is re-read when its modification time changes (checked on use, at most once a second), and a bad
 * edit keeps the last good catalogue and logs the line and reason.
 */
@Injectable()
export class CatalogueService implements OnModuleInit {
  private readonly logger = new Logger(CatalogueService.name);
  private catalogue!: Catalogue;
  private mtimeMs = 0;
  private checkedAt = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    const { catalogue, mtimeMs } = this.read();
    this.catalogue = catalogue;
    this.mtimeMs = mtimeMs;
    this.checkedAt = Date.now();
  }

  /** The current catalogue (re-read first when the file changed). */
  current(): Catalogue {
    const now = Date.now();
    if (now - this.checkedAt >= 1000) {
      this.checkedAt = now;
      this.reloadIfChanged();
    }
    return this.catalogue;
  }

  /** Re-reads the file when its modification time differs from the loaded one; keeps the last good catalogue on error. */
  reloadIfChanged(): void {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.config.resourcesCatalogue).mtimeMs;
    } catch (error) {
      this.logger.warn(`resources catalogue ${this.config.resourcesCatalogue} is unreadable (${(error as Error).message}); keeping the last good one`);
      return;
    }
    if (mtimeMs === this.mtimeMs) return;
    try {
      const read = this.read();
      this.catalogue = read.catalogue;
      this.mtimeMs = read.mtimeMs;
      this.logger.log(`resources catalogue reloaded (${read.catalogue.resources.length} resources)`);
    } catch (error) {
      this.mtimeMs = mtimeMs;
      const reason = error instanceof CatalogueError ? `line ${error.line}: ${error.reason}` : (error as Error).message;
      this.logger.error(`resources catalogue ${this.config.resourcesCatalogue} rejected, keeping the last good one: ${reason}`);
    }
  }

  private read(): { catalogue: Catalogue; mtimeMs: number } {
    const file = this.config.resourcesCatalogue;
    const mtimeMs = statSync(file).mtimeMs;
    return { catalogue: parseCatalogue(readFileSync(file, 'utf8'), file), mtimeMs };
  }
}
