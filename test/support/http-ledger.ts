/** Every HTTP answer a test got from the gateway, counted by status, with the 5xx ones kept for the report. */
import type { TestSystem } from './system';

export type ApiCall = TestSystem['api'];

export interface HttpLedger {
  call: ApiCall;
  /** how many answers of each status */
  statuses: Map<number, number>;
  /** answers of 500 and above other than 503 (the documented "try again") */
  serverErrors: { method: string; path: string; status: number; body: unknown }[];
  count(status: number): number;
}

export function httpLedger(api: ApiCall): HttpLedger {
  const statuses = new Map<number, number>();
  const serverErrors: HttpLedger['serverErrors'] = [];
  return {
    statuses,
    serverErrors,
    count: (status) => statuses.get(status) ?? 0,
    async call(method, path, options) {
      const res = await api(method, path, options);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500 && res.status !== 503) serverErrors.push({ method, path, status: res.status, body: res.body });
      return res;
    },
  };
}
