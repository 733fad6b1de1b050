/**
 * The organisation tree: browse, search, JSON API with keyset pages, CSV export, create /
 * move / close for administrators (`org.manage`), and the all-or-nothing CSV import of
 * organisations and of people with roles. Mounted here; other modules import from here.
 */
import { createApi } from "../../platform/openapi";
import { importApi } from "./import.api";
import { importPages } from "./import.pages";
import { organisationsApi } from "./organisations.api";
import { organisationPages } from "./organisations.pages";

export const organisationRoutes = createApi()
  .route("/", organisationsApi)
  .route("/", importApi)
  .route("/", organisationPages)
  .route("/", importPages);
export {
  committeesInScope,
  getOrg,
  getOrgByCode,
  type NewOrg,
  type OrgRow,
  orgInsertStatement,
  subtreeMoveStatement,
} from "./organisations.queries";
export { codeSchema, createSchema, listQuery, patchSchema } from "./organisations.schemas";
export {
  type Actor,
  insertOrganisation,
  listChildren,
  searchOrganisations,
} from "./organisations.service";
