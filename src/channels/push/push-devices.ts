import type { Db } from '../../db/pool';

export interface PushDevice { id: string; provider: 'fcm' | 'webhook'; platform: 'android' | 'ios' | 'web'; token: string }

/** Registers (or re-enables, moving it to this customer) an app's device token. */
export async function registerDevice(
  db: Db, customerId: string, device: Omit<PushDevice, 'id'>,
): Promise<PushDevice> {
  const { rows } = await db.query<PushDevice>(
    `INSERT INTO push_devices (customer_id, provider, platform, token) VALUES ($1, $2, $3, $4)
     ON CONFLICT (provider, token) DO UPDATE
       SET customer_id = EXCLUDED.customer_id, platform = EXCLUDED.platform, disabled_at = NULL, last_error = NULL
     RETURNING id::text, provider, platform, token`,
    [customerId, device.provider, device.platform, device.token],
  );
  return rows[0]!;
}

/** The app signed out or was uninstalled: no more pushes to this token. True when it was this customer's. */
export async function unregisterDevice(db: Db, customerId: string, token: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE push_devices SET disabled_at = now() WHERE customer_id = $1 AND token = $2 AND disabled_at IS NULL',
    [customerId, token],
  );
  return (rowCount ?? 0) > 0;
}

export async function activeDevices(db: Db, customerId: string): Promise<PushDevice[]> {
  const { rows } = await db.query<PushDevice>(
    `SELECT id::text, provider, platform, token FROM push_devices
      WHERE customer_id = $1 AND disabled_at IS NULL ORDER BY created_at`,
    [customerId],
  );
  return rows;
}

/** The provider said this token is gone for good. */
export async function disableDevice(db: Db, deviceId: string, reason: string): Promise<void> {
  await db.query('UPDATE push_devices SET disabled_at = now(), last_error = $2 WHERE id = $1', [deviceId, reason.slice(0, 500)]);
}

/**
 * Records that this message is being pushed to this device; false when an earlier attempt already did, so a
 * retried delivery never notifies a phone twice. A push that fails in a way worth retrying gives the claim back.
 */
export async function claimPush(db: Db, messageId: string, deviceId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'INSERT INTO push_sends (message_id, device_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [messageId, deviceId],
  );
  return (rowCount ?? 0) > 0;
}

export async function releasePush(db: Db, messageId: string, deviceId: string): Promise<void> {
  await db.query('DELETE FROM push_sends WHERE message_id = $1 AND device_id = $2', [messageId, deviceId]);
}
