/** Storage of business-hours calendars and SLA policies, and the snapshot a task records. */
export * from './calendars';
export * from './policies';
export * from './policy-in-force';
export * from './support-policy-defaults';
