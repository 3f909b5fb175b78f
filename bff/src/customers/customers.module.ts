import { Module } from '@nestjs/common';
import { CustomersResolver } from './customers.resolver';
import { CustomersService } from './customers.service';
import { CustomerAccountService } from './customer-account.service';

/** Customer list and lookups. */
@Module({ providers: [CustomersResolver, CustomersService, CustomerAccountService] })
export class CustomersModule {}
