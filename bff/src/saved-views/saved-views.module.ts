import { Module } from '@nestjs/common';
import { SavedViewsResolver } from './saved-views.resolver';
import { SavedViewsService } from './saved-views.service';

/** Saved views of the customer list. */
@Module({ providers: [SavedViewsResolver, SavedViewsService] })
export class SavedViewsModule {}
