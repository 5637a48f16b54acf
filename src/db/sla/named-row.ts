/** The columns every admin-managed row here has, and how they read in the API. */
export interface NamedRow {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

export function namedFields(row: NamedRow): { id: string; name: string; createdAt: string; updatedAt: string } {
  return { id: row.id, name: row.name, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}
