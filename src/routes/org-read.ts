/** Read one organisation (JSON). The organisation must be in the reader's scope (`org.read`). */
import { Hono } from "hono";
import { orgFromParam, requirePolicy } from "../auth/guard";
import type { AppEnv } from "../http/context";

export const orgReadRoutes = new Hono<AppEnv>();

orgReadRoutes.get("/api/organisations/:id", requirePolicy("org.read", orgFromParam("id")), async (c) => {
  const org = await c.env.DB.prepare(
    `select id, code, name, short_name as shortName, kind, parent_id as parentId, level, path, email, phone,
            address, population, opened_on as openedOn, closed_on as closedOn
     from organisations where id = ?`,
  )
    .bind(c.var.targetOrg!.id)
    .first();
  return c.json({ organisation: org });
});
