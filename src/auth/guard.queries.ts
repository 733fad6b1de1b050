/** The authorisation layer's queries: an organisation's id and path, by id or through a row's owner. */
import { eq } from "drizzle-orm";
import { orm } from "../db/client";
import { apiTokens, memberships, obligations, organisations, plans } from "../db/schema";

/** The tables whose rows a route may name by id, each owned by an organisation. */
const OWNED_TABLES = { api_tokens: apiTokens, memberships, obligations, plans };
export type OwnedTable = keyof typeof OWNED_TABLES;

const orgRef = { id: organisations.id, path: organisations.path };

export async function selectOrgRef(db: D1Database, id: string) {
  return (await orm(db).select(orgRef).from(organisations).where(eq(organisations.id, id)).get()) ?? null;
}

/** The organisation of the row `table.id = id`, through its `organisation_id`. */
export async function selectOrgOfRow(db: D1Database, table: OwnedTable, id: string) {
  const t = OWNED_TABLES[table];
  return (
    (await orm(db)
      .select(orgRef)
      .from(t)
      .innerJoin(organisations, eq(organisations.id, t.organisationId))
      .where(eq(t.id, id))
      .get()) ?? null
  );
}
