// The development entry (`wrangler dev`, the tests, the bench): the production Worker plus
// the development tools (src/dev-tools.ts).
import { createDevApp } from "./dev-tools";
import { workerHandlers } from "./worker";

export { DigestWorkflow } from "../workflows/digest";
export { OpenPeriodWorkflow } from "../workflows/open-period";
export { ReminderTickWorkflow } from "../workflows/reminder-tick";

export default workerHandlers(createDevApp());
