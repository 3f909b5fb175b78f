import { Module } from '@nestjs/common';
import { HelpdeskResolver } from './helpdesk.resolver';
import { HelpdeskService } from './helpdesk.service';
import { HelpdeskWorker } from './helpdesk.worker';

/** The Partner Helpdesk: contact requests, their outbox and delivery. */
@Module({ providers: [HelpdeskService, HelpdeskWorker, HelpdeskResolver], exports: [HelpdeskWorker] })
export class HelpdeskModule {}
