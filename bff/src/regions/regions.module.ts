import { Module } from '@nestjs/common';
import { RegionsResolver } from './regions.resolver';
import { RegionsService } from './regions.service';

/** Region-level figures. */
@Module({ providers: [RegionsResolver, RegionsService] })
export class RegionsModule {}
