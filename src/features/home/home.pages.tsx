/** `/`: a landing page for visitors; for a signed-in person, what fits the roles they hold. */
import { Hono } from "hono";
import { publicRoute } from "../../auth/guard";
import { renderPage } from "../../auth/page";
import type { AppEnv } from "../../http/context";
import { landingCounts } from "./home.queries";
import { homeContent } from "./home.service";
import { HomeView, LandingView } from "./home.views";

export const homePages = new Hono<AppEnv>();

homePages.get("/", publicRoute(), async (c) => {
  const principal = c.var.principal;
  if (!principal) return renderPage(c, "Trang chủ", <LandingView counts={await landingCounts(c.env.DB)} />);
  const content = await homeContent(c.env.DB, principal, c.var.now);
  return renderPage(c, "Trang chủ", <HomeView principal={principal} content={content} />);
});
