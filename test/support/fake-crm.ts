/**
 * A fake company CRM on loopback implementing the contract HttpCrmReader reads (see src/crm/http-crm-reader.ts).
 * Like a careless real CRM, it answers GET /orders/{id} for any order, whoever it belongs to, and its lists can
 * be made to include someone else's records: the reader must drop those.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCrmOrder { orderId: string; customer: string; status: string; total?: number; currency?: string; placedAt?: string }
export interface FakeCrmReturn { returnId: string; customer: string; orderId?: string; status: string; createdAt: string }

export interface FakeCrm {
  baseUrl: string;
  token: string;
  profiles: Map<string, Record<string, unknown>>;
  orders: FakeCrmOrder[];
  returns: FakeCrmReturn[];
  /** extra records slipped into every list answer */
  leak: { orders: FakeCrmOrder[]; returns: FakeCrmReturn[] };
  mode: 'ok' | 'hang' | 'garbage' | 'error';
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeCrm(): Promise<FakeCrm> {
  const hanging = new Set<ServerResponse>();
  const crm: Omit<FakeCrm, 'baseUrl' | 'close'> = {
    token: 'crm-token', profiles: new Map(), orders: [], returns: [], leak: { orders: [], returns: [] }, mode: 'ok', requests: [],
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const url = new URL((req.url ?? '/').replace(/^\/api(?=\/)/, ''), 'http://crm');
    crm.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${crm.token}`) return json(res, 401, { error: 'unauthorized' });
    if (crm.mode === 'hang') {
      hanging.add(res);
      return undefined;
    }
    if (crm.mode === 'error') return json(res, 500, { error: 'boom' });
    if (crm.mode === 'garbage') return json(res, 200, { orders: 'not a list', name: 42 });
    const limit = Number(url.searchParams.get('limit') ?? 10);
    let m: RegExpExecArray | null;
    if ((m = /^\/customers\/([^/]+)\/orders$/.exec(url.pathname))) {
      const ref = decodeURIComponent(m[1]);
      return json(res, 200, { orders: [...crm.leak.orders, ...crm.orders.filter((o) => o.customer === ref)].slice(0, limit + crm.leak.orders.length) });
    }
    if ((m = /^\/customers\/([^/]+)\/returns$/.exec(url.pathname))) {
      const ref = decodeURIComponent(m[1]);
      return json(res, 200, { returns: [...crm.leak.returns, ...crm.returns.filter((r) => r.customer === ref)] });
    }
    if ((m = /^\/customers\/([^/]+)$/.exec(url.pathname))) {
      const profile = crm.profiles.get(decodeURIComponent(m[1]));
      return profile ? json(res, 200, profile) : json(res, 404, { error: 'no such customer' });
    }
    if ((m = /^\/orders\/([^/]+)$/.exec(url.pathname))) {
      const order = crm.orders.find((o) => o.orderId === decodeURIComponent(m![1]));
      return order ? json(res, 200, order) : json(res, 404, { error: 'no such order' });
    }
    return json(res, 404, { error: 'no route' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(crm, {
    baseUrl: `http://127.0.0.1:${port}/api`,
    close: () => new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  }) as FakeCrm;
}
