import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { GRAPHQL_PATH } from '@ph/contracts';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from './app.module';
import { CallingScheduler } from './calling/calling-scheduler';
import type { AppConfig } from './config/config';
import { RegionStores } from './database/stores';
import { DEFAULT_DEMO, seedDemo } from './demo/demo-seed';
import { createRootLogger, generateRequestId, NestPinoLogger, REQUEST_ID_HEADER, requestLogContext } from './logging/logger';
import { Partner } from './partners/partner.entity';
import { gzipGraphqlAnswer } from './web/graphql-compression';
import { registerStaticFiles } from './web/static-files';

export interface CreateAppOptions {
  /** Where JSON log lines go (default: stdout). */
  logDestination?: DestinationStream;
}

/** Builds and initialises the BFF for `config` (stores opened and migrated, demo data seeded if asked); does not listen. */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config, options.logDestination);
  const adapter = new FastifyAdapter({ loggerInstance: logger, genReqId: generateRequestId, requestIdHeader: REQUEST_ID_HEADER });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    requestLogContext.run(request.log as Logger, done);
  });
  // Ingestion batches arrive as NDJSON or CSV text.
  fastify.addContentTypeParser(['application/x-ndjson', 'text/csv'], { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_request, body, done) =>
    done(null, body),
  );
  // Front-end code and GraphQL answers go out gzip-compressed when the client accepts it: static files
  // through @fastify/compress (level 6), GraphQL answers (whole strings made per request) through
  // gzipGraphqlAnswer (level 1, from 1 kB, in one buffer).
  fastify.addHook('onRoute', (route) => {
    if (route.url !== GRAPHQL_PATH || route.compress !== undefined) return;
    route.compress = false;
    route.onSend = [...(route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend]), gzipGraphqlAnswer];
  });
  await fastify.register(fastifyCompress, { global: true, encodings: ['gzip'] });
  await fastify.register(fastifyCookie);
  await registerStaticFiles(fastify, config.staticRoot, logger);

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  await app.init();

  const stores = app.get(RegionStores);
  if (config.demoSeed && (await stores.directory().count(Partner)) === 0) {
    const started = Date.now();
    const result = await seedDemo(stores, { ...DEFAULT_DEMO, demoPassword: config.demoPassword });
    logger.info({ ...DEFAULT_DEMO, rows: result.rows, ms: Date.now() - started }, 'demo data seeded');
  }
  // The weekly calling rollup (catching up missed weeks first) starts once the data is in place; tests start it themselves.
  if (config.nodeEnv !== 'test') app.get(CallingScheduler).start();
  return app;
}
