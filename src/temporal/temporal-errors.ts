import { WorkersUnavailable } from './issue-service';

/** gRPC codes of a Temporal frontend that is down, slow or overloaded: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 8, 10, 14]);

/** The gRPC status code of the error or of its first cause that has one (the client wraps them in ServiceError). */
function grpcCode(error: unknown): number | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** True when Temporal could not be reached or did not answer in time: trying again later may work. */
export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof WorkersUnavailable) return true;
  const code = grpcCode(error);
  return code !== undefined && TRANSIENT_GRPC_CODES.has(code);
}
