import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '../config';

/** Connection options from the config: plain for a local dev server, TLS/mTLS or an API key for a cluster or Cloud. */
export async function temporalConnectionOptions(temporal: AppConfig['temporal'], address: string): Promise<ConnectionOptions> {
  const options: ConnectionOptions = { address };
  if (temporal.tls) {
    options.tls = temporal.tlsCertPath && temporal.tlsKeyPath
      ? { clientCertPair: { crt: await readFile(temporal.tlsCertPath), key: await readFile(temporal.tlsKeyPath) } }
      : true;
  }
  if (temporal.apiKey) options.apiKey = temporal.apiKey;
  return options;
}

export async function connectTemporalClient(
  temporal: AppConfig['temporal'], address: string, dataConverter?: DataConverter,
): Promise<Client> {
  const connection = await Connection.connect(await temporalConnectionOptions(temporal, address));
  return new Client({ connection, namespace: temporal.namespace, dataConverter });
}
