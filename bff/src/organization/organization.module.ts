import { Module } from '@nestjs/common';
import { OrganizationResolver } from './organization.resolver';
import { OrganizationService } from './organization.service';

/** The partner's own organisation. */
@Module({ providers: [OrganizationService, OrganizationResolver] })
export class OrganizationModule {}
