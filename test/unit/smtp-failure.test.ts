import { ServiceError } from '@temporalio/client';
import { smtpFailureReply } from '../../src/channels/email/smtp-failure';
import { WorkersUnavailable } from '../../src/temporal/issue-service';

const grpc = (code: number) => Object.assign(new Error(`grpc ${code}`), { code, details: 'x', metadata: {} });

describe('the SMTP answer when a mail could not be handed over', () => {
  it.each([
    ['PostgreSQL unreachable', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['Temporal unavailable', new ServiceError('Failed to signalWithStart', { cause: grpc(14) })],
    ['Temporal deadline', grpc(4)],
    ['Temporal overloaded', new ServiceError('x', { cause: grpc(8) })],
    ['no worker', new WorkersUnavailable('no worker answered in time')],
  ])('%s is temporary: 451, the sender keeps the mail and retries', (_name, error) => {
    expect(smtpFailureReply(error)).toMatchObject({ responseCode: 451 });
  });

  it.each([
    ['PostgreSQL refused the data (NUL)', Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' })],
    ['a constraint', Object.assign(new Error('violates check constraint'), { code: '23514' })],
    ['Temporal refused the payload', new ServiceError('x', { cause: grpc(3) })],
    ['any other bug', new TypeError('cannot read properties of undefined')],
  ])('%s is permanent: 554, the sender bounces it instead of retrying for days', (_name, error) => {
    const reply = smtpFailureReply(error);
    expect(reply.responseCode).toBe(554);
    expect(reply.message).toMatch(/^5\.\d\.\d /);
  });
});
