// The production entry (`[env.production] main`): no development tools, no demo data.
import { createApp } from "./app";
import { workerHandlers } from "./worker";

export { DigestWorkflow } from "../workflows/digest";
export { OpenPeriodWorkflow } from "../workflows/open-period";
export { ReminderTickWorkflow } from "../workflows/reminder-tick";

export default workerHandlers(createApp());
