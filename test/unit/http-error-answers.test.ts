import createError from 'http-errors';
import { errorAnswer } from '../../src/gateway/http-errors';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code, severity: 'ERROR' });

describe('errors as HTTP answers', () => {
  it.each([
    ['a client that hung up mid-body (raw-body, code ECONNABORTED)', createError(400, 'request aborted', { code: 'ECONNABORTED', type: 'request.aborted' }), 400, 'request_aborted'],
    ['a zlib failure (body-parser sets 400)', createError(400, Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' })), 400, 'malformed_body'],
    ['the router failing to decode a parameter', Object.assign(new URIError("Failed to decode param '%E0%A4%A'"), { status: 400, statusCode: 400 }), 400, 'malformed_url'],
    ['an unsupported charset', createError(415, 'unsupported charset "LATIN1"', { charset: 'latin1', type: 'charset.unsupported' }), 415, 'unsupported_charset'],
    ['any other exposed 4xx', createError(400, 'too many parameters', { type: 'parameters.too.many' }), 400, 'bad_request'],
    ['PostgreSQL unreachable', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 503, 'database_unavailable'],
    ['PostgreSQL in recovery', pgError('57P03'), 503, 'database_unavailable'],
    ['PostgreSQL refusing a value of the request', pgError('22P02'), 400, 'invalid_request'],
    ['a constraint violation (a bug, not the client)', pgError('23505'), 500, 'internal_error'],
    ['anything else', new TypeError('x is undefined'), 500, 'internal_error'],
  ])('%s', (_name, error, status, code) => {
    expect(errorAnswer(error)).toMatchObject({ status, body: { code } });
  });
});
