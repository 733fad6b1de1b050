import { env } from "cloudflare:test";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as schema from "../../src/db/schema";

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is SQLiteTable =>
    typeof value === "object" && value !== null && Symbol.for("drizzle:IsDrizzleTable") in value,
);

describe("migrations against real D1", () => {
  it("create every table of the Drizzle schema with exactly its columns", async () => {
    expect(tables.length).toBeGreaterThan(25);
    for (const table of tables) {
      const config = getTableConfig(table);
      const { results } = await env.DB.prepare(`select name, "notnull" as nn from pragma_table_info(?)`)
        .bind(config.name)
        .all<{ name: string; nn: number }>();
      expect(results.map((r) => r.name).sort(), config.name).toEqual(
        config.columns.map((c) => c.name).sort(),
      );
      for (const column of config.columns) {
        const row = results.find((r) => r.name === column.name);
        expect(Boolean(row?.nn) || column.primary, `${config.name}.${column.name} not null`).toBe(
          column.notNull || column.primary,
        );
      }
    }
  });

  it("create every declared index", async () => {
    for (const table of tables) {
      const config = getTableConfig(table);
      const { results } = await env.DB.prepare("select name from pragma_index_list(?)")
        .bind(config.name)
        .all<{
          name: string;
        }>();
      const names = results.map((r) => r.name);
      for (const idx of config.indexes) expect(names, config.name).toContain(idx.config.name);
    }
  });

  it("enforce foreign keys and unique idempotency keys", async () => {
    // Raw SQL on purpose: rows the database itself must refuse, written past the app and builders.
    await expect(
      env.DB.prepare(
        "insert into memberships (id, person_id, organisation_id, role, created_at) values ('m1', 'nobody', 'nowhere', 'viewer', 0)",
      ).run(),
    ).rejects.toThrow(/FOREIGN KEY/);
    const insert = env.DB.prepare(
      "insert into notifications (id, idempotency_key, to_address, template, subject, payload, status, created_at, updated_at) values (?, 'k1', 'a@b.vn', 't', 's', '{}', 'pending', 0, 0)",
    );
    await insert.bind("n1").run();
    await expect(insert.bind("n2").run()).rejects.toThrow(/UNIQUE/);
  });

  it("reject out-of-range task progress with the check constraint", async () => {
    // Raw SQL on purpose: a row the CHECK constraint must refuse.
    await expect(
      env.DB.prepare(
        "insert into plan_tasks (id, plan_id, title, progress, created_at, updated_at) values ('t', 'p', 'x', 101, 0, 0)",
      ).run(),
    ).rejects.toThrow(/CHECK|FOREIGN/);
  });
});
