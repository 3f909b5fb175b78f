import { Module } from '@nestjs/common';
import { CatalogueService } from './catalogue.service';
import { ResourcesResolver } from './resources.resolver';
import { ResourcesService } from './resources.service';

/** Resources & help: the catalogue file, search and the helpdesk's contact options. */
@Module({ providers: [CatalogueService, ResourcesService, ResourcesResolver], exports: [CatalogueService, ResourcesService] })
export class ResourcesModule {}
