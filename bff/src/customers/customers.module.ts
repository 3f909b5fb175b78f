import { Module } from '@nestjs/common';
import { CustomersResolver } from './customers.resolver';
import { CustomersService } from './customers.service';
import { CustomerAccountService } from './customer-account.service';
import { TagsResolver } from '../tags/tags.resolver';
import { TagsService } from '../tags/tags.service';

/** Customer list, detail and custom tags. */
@Module({ providers: [CustomersResolver, CustomersService, CustomerAccountService, TagsResolver, TagsService] })
export class CustomersModule {}
