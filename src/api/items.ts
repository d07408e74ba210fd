// Reading lists and objects item by item, so that one odd item degrades itself and not the whole answer.
// The envelope of a list (`{data, next_cursor}`) is checked strictly; each item against its own schema. An item
// that fails is repaired when only display fields are off (missing, null or of the wrong type: shown empty);
// an item whose id or working fields (type, directions, range, interval, version) are unusable is left out and
// counted. Unknown fields are allowed by the contract and kept.
import { validator, type ValidatorName } from './lazy';

export type ItemSchema = 'Organisation' | 'Site' | 'Monitor' | 'Report';

export interface ReadItems<T> {
  items: T[];
  /** Items left out: no usable id or working fields. */
  skipped: number;
  /** Items kept with some display fields shown empty. */
  repaired: number;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Display-only fields of each schema, and what they become when they are off. */
const DISPLAY: Record<ItemSchema, (o: Obj) => Obj> = {
  Organisation: (o) => ({ ...o, name: text(o.name), timezone: text(o.timezone) }),
  // A site's time zone is shown in the tree; a panel of a site without one fails on its own.
  Site: (o) => ({ ...o, name: text(o.name), address: text(o.address), timezone: text(o.timezone) }),
  Monitor: (o) => ({
    ...o,
    name: text(o.name),
    capacity: Number.isInteger(o.capacity) ? o.capacity : null,
    created_at: text(o.created_at),
    directions: Array.isArray(o.directions) ? o.directions.map((d) => (isObj(d) ? { ...d, name: text(d.name) } : d)) : o.directions,
  }),
  Report: (o) => ({ ...o, name: text(o.name), created_at: text(o.created_at), updated_at: text(o.updated_at) }),
};

/** One item: as sent when it matches its schema, repaired when only display fields are off, else undefined. */
export function readItem<T>(schema: ItemSchema, value: unknown): { item: T; repaired: boolean } | undefined {
  const validate = validator(schema);
  if (validate(value)) return { item: value as T, repaired: false };
  if (!isObj(value) || !validator('Id')(value.id)) return undefined;
  const repaired = DISPLAY[schema](value);
  return validate(repaired) ? { item: repaired as T, repaired: true } : undefined;
}

/** The items of a list whose envelope already passed `ListEnvelope`. */
export function readItems<T>(schema: ItemSchema, values: unknown[]): ReadItems<T> {
  const out: ReadItems<T> = { items: [], skipped: 0, repaired: 0 };
  for (const v of values) {
    const r = readItem<T>(schema, v);
    if (!r) out.skipped++;
    else {
      out.items.push(r.item);
      if (r.repaired) out.repaired++;
    }
  }
  return out;
}

export function isItemSchema(name: ValidatorName): name is ItemSchema {
  return name === 'Organisation' || name === 'Site' || name === 'Monitor' || name === 'Report';
}

/** Whether an id can go into a path as one segment (the contract's `Id`: not `.`/`..`, no `/`, `\`, controls). */
export function isUsableId(id: unknown): boolean {
  return validator('Id')(id);
}
