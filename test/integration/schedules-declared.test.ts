import { beforeAll, describe, expect, it } from "vitest";
import { instantAt } from "../../src/domain/time";
import {
  createScheduleRoute,
  getScheduleRoute,
  listSchedulesRoute,
  previewScheduleRoute,
  updateScheduleRoute,
} from "../../src/features/schedules/schedules.api";
import { call, type Session } from "../support/auth-fixtures";
import { expectDeclared, expectErrorBody } from "../support/declared";
import { demoWithSessions } from "../support/demo-sessions";

/** The reporting schedules' JSON routes answer what their `createRoute` declarations say. */
const NOW = instantAt("2026-11-25", 10);
let admin: Session;
let secretary: Session;

const VALID = {
  name: "Báo cáo quý (khai báo)",
  directiveId: "ct52",
  frequency: "quarterly",
  reportKind: "periodic",
  dueRuleKind: "working_days",
  dueRuleDays: 5,
  scopeRootId: "ct",
  scopeKinds: ["commune"],
  reviewerOrganisationId: "ct-btgdv",
  formId: "form-52",
  policyId: "policy-default",
  startsOn: "2027-01-01",
};

beforeAll(async () => {
  ({ admin, secretary } = await demoWithSessions(NOW, { admin: "p-admin", secretary: "p-bithu-hn" }));
});

describe("reporting schedules: declared responses", () => {
  it("list, create, update, detail and preview answer their declared bodies", async () => {
    const list = await call("GET", "/api/schedules", { session: admin });
    expect(list.status).toBe(200);
    expectDeclared(listSchedulesRoute, 200, await list.json());
    const scoped = await call("GET", "/api/schedules", { session: secretary });
    expect(scoped.status).toBe(200);
    expectDeclared(listSchedulesRoute, 200, await scoped.json());

    const created = await call("POST", "/api/schedules", { session: admin, json: VALID });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string };
    expectDeclared(createScheduleRoute, 201, body);

    const updated = await call("PUT", `/api/schedules/${body.id}`, {
      session: admin,
      json: { ...VALID, endsOn: "2028-12-31", frequency: "monthly" },
    });
    expect(updated.status).toBe(200);
    expectDeclared(updateScheduleRoute, 200, await updated.json());

    for (const id of [body.id, "sch-52-6m"]) {
      const detail = await call("GET", `/api/schedules/${id}`, { session: admin });
      expect(detail.status).toBe(200);
      expectDeclared(getScheduleRoute, 200, await detail.json());
    }

    const preview = await call("POST", "/api/schedules/preview", {
      session: admin,
      json: {
        ...VALID,
        frequency: "one_off",
        oneOffCutoffStart: "2026-11-01",
        oneOffCutoffEnd: "2026-11-30",
      },
    });
    expect(preview.status).toBe(200);
    expectDeclared(previewScheduleRoute, 200, await preview.json());
  });

  it("refusals keep the one error shape", async () => {
    const bad = await call("POST", "/api/schedules", { session: admin, json: { ...VALID, dueRuleDays: -1 } });
    expect(bad.status).toBe(422);
    expectErrorBody(await bad.json());
    const malformed = await call("POST", "/api/schedules/preview", {
      session: admin,
      rawBody: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.status).toBe(400);
    const body = await malformed.json();
    expectErrorBody(body);
    expect((body as { error: { message: string } }).error.message).toMatch(/JSON/);
    const missing = await call("GET", "/api/schedules/khong-co", { session: admin });
    expect(missing.status).toBe(404);
    expectErrorBody(await missing.json());
  });
});
