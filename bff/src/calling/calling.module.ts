import { Module } from '@nestjs/common';
import { CallingRollupService } from './calling-rollup.service';
import { CallingResolver } from './calling.resolver';
import { CallingScheduler } from './calling-scheduler';
import { CallingService } from './calling.service';

/** Calling analytics: the weekly rollup of call legs, its scheduler and the GraphQL sections. */
@Module({ providers: [CallingResolver, CallingService, CallingRollupService, CallingScheduler], exports: [CallingRollupService, CallingScheduler] })
export class CallingModule {}
