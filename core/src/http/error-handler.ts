import { ERROR_STATUS, type ErrorBody } from '@tradedesk/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import type { IdSource } from '../ports/id-source.js';
import { AppError } from '../errors.js';

/**
 * Maps errors to the contract's error body. AppErrors go out as their code and params; bad input as
 * VALIDATION_FAILED naming the field; anything else as INTERNAL with an error id that is also in the
 * log line with the stack, so a person can report it and an operator can find it.
 */
export function buildErrorHandler(ids: IdSource) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void => {
    if (error instanceof AppError) {
      void reply.code(ERROR_STATUS[error.code]).send({ error: { code: error.code, params: error.params } } satisfies ErrorBody);
      return;
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const params = { field: issue?.path.join('.') ?? '', problem: issue?.code ?? 'invalid' };
      void reply.code(400).send({ error: { code: 'VALIDATION_FAILED', params } } satisfies ErrorBody);
      return;
    }
    if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
      void reply.code(error.statusCode).send({ error: { code: 'VALIDATION_FAILED', params: { problem: error.code ?? 'bad_request' } } } satisfies ErrorBody);
      return;
    }
    const errorId = ids.uuid().slice(0, 8);
    request.log.error({ err: error, errorId }, 'unexpected error');
    void reply.code(500).send({ error: { code: 'INTERNAL', params: { errorId } } } satisfies ErrorBody);
  };
}
