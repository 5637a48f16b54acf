/** A review or suggestion action refused for a reason the caller can fix or must know (the gateway's 4xx). */
export class ReviewRefused extends Error {
  constructor(readonly status: 404 | 409 | 422, readonly code: string, message: string) {
    super(message);
  }
}
