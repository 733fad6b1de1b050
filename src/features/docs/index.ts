/** The API's documentation: the OpenAPI document generated from the routes, and its HTML page. */
export { docsApi as docsRoutes } from "./docs.api";
export { openApiDocument } from "./docs.document";
