/** Column helpers shared by the schema modules (instants are INTEGER milliseconds, UTC). */
import { integer } from "drizzle-orm/sqlite-core";

export const createdAt = () => integer("created_at").notNull();
export const updatedAt = () => integer("updated_at").notNull();
