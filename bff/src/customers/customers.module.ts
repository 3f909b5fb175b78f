import { Module } from '@nestjs/common';
import { CustomersResolver } from './customers.resolver';
import { CustomersService } from './customers.service';
import { CustomersController } from './customers.controller';
import { CustomerSettingsResolver } from './customer-settings.resolver';
import { CustomerAccountService } from './customer-account.service';
import { CustomerListMaintenance } from './customer-list.maintenance';
import { CustomerListReader } from './customer-list.reader';
import { TagsResolver } from '../tags/tags.resolver';
import { TagsService } from '../tags/tags.service';
import { TrialsResolver } from '../trials/trials.resolver';
import { TrialsService } from '../trials/trials.service';

/** Customer list, detail and custom tags. */
@Module({ controllers: [CustomersController], providers: [CustomersResolver, CustomersService, CustomerListMaintenance, CustomerListReader, CustomerAccountService, TagsResolver, TagsService, TrialsResolver, TrialsService, CustomerSettingsResolver] })
export class CustomersModule {}
