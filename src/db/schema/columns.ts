/** Column helpers shared by the schema modules. Conventions: see `./index.ts`. */
import { type AnySQLiteColumn, integer, text } from "drizzle-orm/sqlite-core";

/** The row's TEXT id, generated before insert. */
export const primaryId = () => text("id").primaryKey();
/** A required reference to another row; `target` is lazy (`() => table.id`) so modules may refer in any order. */
export const refersTo = (name: string, target: () => AnySQLiteColumn) =>
  text(name).notNull().references(target);
/** The counter of a row edited concurrently (compare-and-swap). */
export const revision = () => integer("revision").notNull().default(1);
/** Instants are INTEGER milliseconds, UTC. */
export const createdAt = () => integer("created_at").notNull();
export const updatedAt = () => integer("updated_at").notNull();
/** When an editable row was made and last changed: Drizzle's shared column group, spread into the table. */
export const timestamps = { createdAt: createdAt(), updatedAt: updatedAt() };
