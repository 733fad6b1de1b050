/** The home page: the landing page for visitors, and each person's reports, plans and figures. */
export { homePages as homeRoutes } from "./home.pages";
