import { Module } from '@nestjs/common';
import { RemotesController } from './remotes.controller';

/** Run-time configuration for the front ends (the files themselves are served by `registerStaticFiles`). */
@Module({ controllers: [RemotesController] })
export class WebModule {}
