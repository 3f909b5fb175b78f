import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/config';

/** Header that carries the request id in and out. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The request-scoped logger (a child carrying `reqId`) of the request being handled, if any. */
export const requestLogContext = new AsyncLocalStorage<Logger>();

/** The process's one JSON logger. */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, base: { service: 'partner-hub-bff' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/** Generates a request id when the client sent none. */
export function generateRequestId(): string {
  return randomUUID();
}

/** Nest logger that writes through pino, using the current request's child logger so lines carry `reqId`. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context ? stackOrContext : undefined;
    this.write('error', message, context ?? stackOrContext, stack);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string, stack?: string): void {
    const log = requestLogContext.getStore() ?? this.root;
    if (message instanceof Error) log[level]({ context, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) log[level]({ context, ...message });
    else log[level]({ context, ...(stack ? { stack } : {}) }, String(message));
  }
}
