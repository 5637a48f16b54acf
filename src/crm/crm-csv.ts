import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Db } from '../db/pool';
import {
  crmIdSchema, customerRefSchema, orderInputSchema, profileInputSchema, returnInputSchema, type UpsertOutcome,
} from './crm-records';
import { upsertOrder, upsertProfile, upsertReturn } from './crm-store';

export const CRM_CSV_KINDS = ['orders', 'returns', 'profiles'] as const;
export type CrmCsvKind = (typeof CRM_CSV_KINDS)[number];

/** A CSV the importer cannot use at all (unreadable, or missing a required column). */
export class CrmCsvError extends Error {}

type Cells = Record<string, string | undefined>;

/** The first non-empty cell among several accepted column names. */
const cell = (row: Cells, ...names: string[]) => names.map((n) => row[n]).find((v) => v !== undefined && v !== '');

const REQUIRED: Record<CrmCsvKind, string[][]> = {
  orders: [['order_id', 'id'], ['customer', 'customer_ref', 'external_id', 'email'], ['status']],
  returns: [['return_id', 'id'], ['customer', 'customer_ref', 'external_id', 'email'], ['status']],
  profiles: [['customer', 'customer_ref', 'external_id', 'email']],
};
const PROFILE_FIELDS = new Set(['customer', 'customer_ref', 'external_id', 'name', 'email', 'phone', 'plan', 'tier', 'updated_at']);

/** Spreadsheets write "2024-05-01" or "2024-05-01 10:00"; the API takes ISO 8601 with an offset. */
function isoOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** `items` is a JSON array ([{"name": "Kettle", "quantity": 1}]) or "Kettle x1; Mug x2". */
function parseItems(value: string | undefined): unknown {
  if (!value) return undefined;
  if (value.trim().startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      return value; // zod reports it
    }
  }
  return value.split(';').map((s) => s.trim()).filter(Boolean).map((s) => {
    const m = /^(.*?)\s*[x×]\s*(\d+)$/i.exec(s);
    return m ? { name: m[1], quantity: Number(m[2]) } : { name: s, quantity: 1 };
  });
}

/** A row as the input the REST endpoint takes, so both paths validate the same way. */
function rowInput(kind: CrmCsvKind, row: Cells): { id: string; input: unknown } {
  const customer = cell(row, 'customer', 'customer_ref', 'external_id', 'email') ?? '';
  switch (kind) {
    case 'orders':
      return {
        id: cell(row, 'order_id', 'id') ?? '',
        input: {
          customer, status: cell(row, 'status'), total: cell(row, 'total'), currency: cell(row, 'currency'),
          items: parseItems(cell(row, 'items')), placedAt: isoOf(cell(row, 'placed_at')), updatedAt: isoOf(cell(row, 'updated_at')),
        },
      };
    case 'returns':
      return {
        id: cell(row, 'return_id', 'id') ?? '',
        input: {
          customer, orderId: cell(row, 'order_id'), status: cell(row, 'status'), reason: cell(row, 'reason'),
          createdAt: isoOf(cell(row, 'created_at')), updatedAt: isoOf(cell(row, 'updated_at')),
        },
      };
    case 'profiles': {
      // Columns beyond the known ones become attributes (e.g. "segment", "lifetime_value").
      const attributes = Object.fromEntries(Object.entries(row).filter(([k, v]) => !PROFILE_FIELDS.has(k) && v));
      const email = cell(row, 'email');
      return {
        id: customer,
        input: {
          name: cell(row, 'name'), email: email?.includes('@') ? email : undefined, phone: cell(row, 'phone'),
          plan: cell(row, 'plan', 'tier'), updatedAt: isoOf(cell(row, 'updated_at')),
          attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
        },
      };
    }
  }
}

export interface CrmCsvReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** rows that were not imported, with why; the others still are */
  failed: { row: number; message: string }[];
}

/** Reads the CSV; throws CrmCsvError when it cannot be used at all. */
export function readCrmCsv(kind: CrmCsvKind, content: string): Cells[] {
  let rows: Cells[];
  try {
    rows = parse(content, {
      bom: true, skip_empty_lines: true, trim: true, relax_column_count: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase().replace(/[\s-]+/g, '_')),
    });
  } catch (error) {
    throw new CrmCsvError(`CSV could not be read: ${(error as Error).message}`);
  }
  const columns = new Set(Object.keys(rows[0] ?? {}));
  for (const alternatives of REQUIRED[kind]) {
    if (rows.length > 0 && !alternatives.some((c) => columns.has(c))) {
      throw new CrmCsvError(`${kind} CSV needs a column ${alternatives.map((c) => `"${c}"`).join(' or ')}; found: ${[...columns].join(', ')}`);
    }
  }
  return rows;
}

/** Upserts every row (idempotent: importing the same file twice changes nothing the second time). */
export async function importCrmCsv(
  db: Db, kind: CrmCsvKind, content: string, onRow?: (done: number, total: number) => void,
): Promise<CrmCsvReport> {
  const rows = readCrmCsv(kind, content);
  const report: CrmCsvReport = { rows: rows.length, created: 0, updated: 0, unchanged: 0, failed: [] };
  for (const [index, row] of rows.entries()) {
    const rowNumber = index + 2; // the header is row 1
    try {
      const outcome = await importRow(db, kind, row);
      report[outcome]++;
    } catch (error) {
      report.failed.push({ row: rowNumber, message: error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message });
    }
    onRow?.(index + 1, rows.length);
  }
  return report;
}

async function importRow(db: Db, kind: CrmCsvKind, row: Cells): Promise<UpsertOutcome> {
  const { id: rawId, input } = rowInput(kind, row);
  if (!rawId) throw new Error(kind === 'profiles' ? 'no customer reference' : `no ${kind === 'orders' ? 'order' : 'return'} id`);
  // the same rule as the HTTP API's ids: a control character is refused, not stored
  const id = (kind === 'profiles' ? customerRefSchema : crmIdSchema).parse(rawId);
  switch (kind) {
    case 'orders':
      return (await upsertOrder(db, id, orderInputSchema.parse(input))).outcome;
    case 'returns':
      return (await upsertReturn(db, id, returnInputSchema.parse(input))).outcome;
    case 'profiles':
      return (await upsertProfile(db, id, profileInputSchema.parse(input))).outcome;
  }
}
