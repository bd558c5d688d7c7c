import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import wasm from '@prisma/prisma-schema-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../helpers/db.js';

// The schema engine that would diff schema.prisma against SQL cannot run offline (docs/decisions), so this test
// does its job: the schema's model metadata (from Prisma's own WASM parser) against a freshly migrated database.

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType?: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  dbName?: string | null;
  fields: { name: string }[];
}

const dir = path.resolve(import.meta.dirname, '../../prisma/schema');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.prisma'))
  .map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]);
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: files }))).datamodel as { models: DmmfModel[]; indexes: DmmfIndex[] };

const PG_TYPES: Record<string, string[]> = {
  String: ['text', 'character varying', 'character', 'uuid'],
  Int: ['integer', 'smallint'],
  BigInt: ['bigint'],
  Float: ['double precision', 'real'],
  Decimal: ['numeric'],
  Boolean: ['boolean'],
  DateTime: ['timestamp without time zone', 'timestamp with time zone', 'date'],
  Json: ['jsonb', 'json'],
  Bytes: ['bytea'],
};

describe('schema.prisma and the migrated database agree', () => {
  let columns: { table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }[] = [];
  let indexes: { tablename: string; indexdef: string }[] = [];
  let tables = new Set<string>();
  beforeAll(async () => {
    const db = testDb();
    columns = await db.$queryRaw`
      SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`;
    indexes = await db.$queryRaw`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'`;
    tables = new Set(columns.map((c) => c.table_name));
  });

  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    it(`model ${model.name} has table "${table}" with matching columns`, () => {
      expect(tables.has(table), `table ${table} is missing`).toBe(true);
      const cols = columns.filter((c) => c.table_name === table);
      const scalars = model.fields.filter((f) => f.kind !== 'object');
      for (const f of scalars) {
        const col = cols.find((c) => c.column_name === (f.dbName ?? f.name));
        expect(col, `column ${table}.${f.name} is missing`).toBeDefined();
        if (f.kind === 'enum') expect(col!.udt_name, `${table}.${f.name} type`).toBe(f.isList ? `_${f.type}` : f.type);
        else if (f.isList) expect(col!.data_type, `${table}.${f.name} type`).toBe('ARRAY');
        else expect(PG_TYPES[f.type], `${table}.${f.name}: ${col!.data_type} for ${f.type}`).toContain(col!.data_type);
        // Prisma leaves list columns nullable in the SQL it generates; scalars follow `?`.
        if (!f.isList) expect(col!.is_nullable === 'NO', `${table}.${f.name} nullability`).toBe(f.isRequired);
      }
      const extra = cols.map((c) => c.column_name).filter((c) => !scalars.some((f) => (f.dbName ?? f.name) === c));
      expect(extra, `columns in ${table} that the schema does not know`).toEqual([]);
    });
  }

  it('every table in the database has a model', () => {
    const modelled = new Set(dmmf.models.map((m) => m.dbName ?? m.name));
    const unknown = [...tables].filter((t) => t !== '_prisma_migrations' && !modelled.has(t));
    expect(unknown).toEqual([]);
  });

  for (const ix of dmmf.indexes.filter((i) => i.type === 'unique' || i.type === 'normal')) {
    const model = dmmf.models.find((m) => m.name === ix.model)!;
    const table = model.dbName ?? model.name;
    const cols = ix.fields.map((f) => model.fields.find((x) => x.name === f.name)?.dbName ?? f.name);
    it(`${ix.type} index on ${table}(${cols.join(', ')}) exists`, () => {
      const want = `(${cols.map((c) => `"${c}"`).join(', ')})`;
      const found = indexes
        .filter((i) => i.tablename === table)
        .find((i) => {
          const m = /\((.*?)\)(?: NULLS NOT DISTINCT)?$/.exec(i.indexdef);
          const def = m
            ? `(${m[1]
                .split(', ')
                .map((c) => (c.startsWith('"') ? c : `"${c}"`))
                .join(', ')})`
            : '';
          return def === want && (ix.type === 'unique') === i.indexdef.startsWith('CREATE UNIQUE');
        });
      expect(found, `no ${ix.type} index ${want} on ${table}`).toBeDefined();
    });
  }
});
