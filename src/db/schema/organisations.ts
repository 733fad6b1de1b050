/**
 * Organisations, the people in them and their roles.
 * Conventions: see `./index.ts`.
 */
import {
  type AnySQLiteColumn,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { ORGANISATION_KINDS, ROLES } from "../../domain/enums";
import { createdAt, primaryId, refersTo, timestamps } from "./columns";

/**
 * Organisation tree. `path` is the materialised path of ids (`/root/child/`), so a
 * subtree is the index range `path >= p AND path < p || '~'` (ids are [0-9a-z-_]).
 */
export const organisations = sqliteTable(
  "organisations",
  {
    id: primaryId(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    shortName: text("short_name"),
    kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
    parentId: text("parent_id").references((): AnySQLiteColumn => organisations.id),
    level: integer("level").notNull(),
    path: text("path").notNull(),
    email: text("email"),
    phone: text("phone"),
    address: text("address"),
    population: integer("population"),
    openedOn: text("opened_on"),
    closedOn: text("closed_on"),
    /** Place name of the seat, written before the date of its documents ("Hà Nội, ngày …"). */
    seat: text("seat"),
    /** Its symbol in document numbers ("TU", "BTGDVTW", "ĐU"). */
    documentSymbol: text("document_symbol"),
    sortOrder: integer("sort_order").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("organisations_code_uq").on(t.code),
    uniqueIndex("organisations_path_uq").on(t.path),
    // Covering index for subtree rollups: the path range scan yields what the rollups read of each organisation.
    index("organisations_path_rollup_idx").on(t.path, t.id, t.openedOn, t.closedOn, t.population),
    index("organisations_parent_idx").on(t.parentId, t.sortOrder),
    index("organisations_kind_idx").on(t.kind),
    index("organisations_name_idx").on(t.name),
  ],
);

export const people = sqliteTable(
  "people",
  {
    id: primaryId(),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    phone: text("phone"),
    title: text("title"),
    bouncedAt: integer("bounced_at"),
    bounceReason: text("bounce_reason"),
    disabledAt: integer("disabled_at"),
    ...timestamps,
  },
  (t) => [uniqueIndex("people_email_uq").on(t.email)],
);

/** An optional reference to a person (who acted: none for the system or an API token, or one not known). */
export const personRef = (name: string) => text(name).references(() => people.id);

/** A person's role in an organisation; a role covers the organisation's subtree where it makes sense. */
export const memberships = sqliteTable(
  "memberships",
  {
    id: primaryId(),
    personId: refersTo("person_id", () => people.id),
    organisationId: refersTo("organisation_id", () => organisations.id),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("memberships_person_org_role_uq").on(t.personId, t.organisationId, t.role),
    index("memberships_org_role_idx").on(t.organisationId, t.role),
  ],
);
