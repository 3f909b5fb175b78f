import { Module } from '@nestjs/common';
import { CustomersResolver } from './customers.resolver';
import { CustomersService } from './customers.service';

/** Customer list and lookups. */
@Module({ providers: [CustomersResolver, CustomersService] })
export class CustomersModule {}
