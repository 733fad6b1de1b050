/**
 * Demo data for local development (`npm start`) and tests. Idempotent: every row has a
 * deterministic id and is inserted with `on conflict do nothing`, so loading twice changes nothing.
 */

import { calendarSeedStatements } from "../db/calendar";
import { insertStatements } from "./demo.queries";
import { DIRECTIVE_52_CLOSING, DIRECTIVE_52_SECTIONS, DIRECTIVE_52_SUMMARY } from "./directive52";
import { demoOrganisations, officialOf, withPaths } from "./organisations";
import { demoPeople } from "./people";
import { demoPlanStatements } from "./plans";
import { seedDemoReporting } from "./reports";
import { DEFAULT_LADDER, DIRECTIVE_52_ID, directive52Document, registeredDocument } from "./seed-helpers";

export { type DemoPerson, demoPeople, demoPersonName } from "./people";
export { DIRECTIVE_52_ID, insertStatements };

function directiveStatements(db: D1Database, now: number): D1PreparedStatement[] {
  const documents = [
    directive52Document(DIRECTIVE_52_ID, now),
    {
      id: "doc-33",
      number: "33-HD/BTGDVTW",
      doc_type: "HD",
      issuer: "Ban Tuyên giáo và Dân vận Trung ương",
      issued_on: "2025-10-28",
      title: "Hướng dẫn triển khai thực hiện Chỉ thị số 52-CT/TW",
      directive_id: DIRECTIVE_52_ID,
      parent_document_id: "doc-52",
      organisation_id: "btgdv",
      created_at: now,
    },
    {
      id: "doc-30",
      number: "30-CV/BTG&DV",
      doc_type: "CV",
      issuer: "Ban Tuyên giáo và Dân vận, Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
      issued_on: "2025-11-07",
      title: "Công văn về tuyên truyền thực hiện Chỉ thị số 52-CT/TW",
      directive_id: DIRECTIVE_52_ID,
      parent_document_id: "doc-33",
      organisation_id: "mttq-btgdv",
      created_at: now,
    },
    {
      id: "doc-168",
      number: "168-CV/ĐULHHVN",
      doc_type: "CV",
      issuer: "Đảng ủy Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam",
      issued_on: "2025-11-20",
      title: "V/v tuyên truyền thực hiện Chỉ thị số 52-CT/TW của Ban Bí thư",
      directive_id: DIRECTIVE_52_ID,
      parent_document_id: "doc-30",
      organisation_id: "lhhvn",
      created_at: now,
    },
    {
      id: "doc-hn-kh",
      number: "215-KH/TU",
      doc_type: "KH",
      issuer: "Thành ủy Hà Nội",
      issued_on: "2025-11-25",
      title: "Kế hoạch thực hiện Chỉ thị số 52-CT/TW của Ban Bí thư",
      directive_id: DIRECTIVE_52_ID,
      parent_document_id: "doc-33",
      organisation_id: "hn",
      created_at: now,
    },
  ];
  const sections = DIRECTIVE_52_SECTIONS.map((s) => ({
    id: `ct52-s${s.number}`,
    directive_id: DIRECTIVE_52_ID,
    number: s.number,
    title: s.title,
    // The closing (dissemination down to the chi bộ, recipients, signature) follows section 7.
    body: s.number === 7 ? `${s.body}\n\n${DIRECTIVE_52_CLOSING}` : s.body,
    is_task_group: s.number <= 6 ? 1 : 0,
    // The directive's numbered parts carry no titles of their own: these were written for the product.
    title_is_editorial: 1,
  }));
  return [
    ...insertStatements(db, "documents", documents.slice(0, 1).map(registeredDocument)),
    ...insertStatements(db, "directives", [
      {
        id: DIRECTIVE_52_ID,
        document_id: "doc-52",
        code: "52-CT/TW",
        title: "Chỉ thị số 52-CT/TW của Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới",
        issued_on: "2025-10-03",
        summary: DIRECTIVE_52_SUMMARY,
        organisation_id: "tw",
        created_at: now,
      },
    ]),
    ...insertStatements(db, "documents", documents.slice(1).map(registeredDocument)),
    ...insertStatements(db, "directive_sections", sections),
    ...insertStatements(db, "indicators", [
      {
        id: "ind-coverage",
        directive_id: DIRECTIVE_52_ID,
        section_id: "ct52-s1",
        code: "coverage",
        name: "Tỷ lệ bao phủ bảo hiểm y tế",
        unit: "% dân số",
        value_kind: "percent",
        aggregation: "weighted_avg",
        baseline_value: 94.29,
        baseline_year: 2024,
        min_value: 0,
        max_value: 100,
      },
      {
        id: "ind-insured",
        directive_id: DIRECTIVE_52_ID,
        section_id: "ct52-s1",
        code: "insured",
        name: "Số người tham gia bảo hiểm y tế",
        unit: "người",
        value_kind: "integer",
        aggregation: "sum",
        baseline_value: null,
        baseline_year: null,
        min_value: 0,
        max_value: null,
      },
    ]),
    ...insertStatements(db, "indicators", [
      {
        // "Chỉ thị này phổ biến đến Chi bộ": whether the directive reached every chi bộ.
        id: "ind-chi-bo",
        directive_id: DIRECTIVE_52_ID,
        section_id: "ct52-s7",
        code: "chi_bo_reached",
        name: "Tỷ lệ chi bộ đã được phổ biến Chỉ thị",
        unit: "% chi bộ",
        value_kind: "percent",
        aggregation: "avg",
        baseline_value: null,
        baseline_year: null,
        min_value: 0,
        max_value: 100,
      },
    ]),
    ...insertStatements(db, "indicator_targets", [
      {
        indicator_id: "ind-chi-bo",
        organisation_id: "tw",
        year: 2026,
        value: 100,
        comparator: "gte",
        note: "Phổ biến đến tất cả chi bộ",
      },
      {
        indicator_id: "ind-coverage",
        organisation_id: "tw",
        year: 2026,
        value: 95,
        comparator: "gt",
        note: "Trên 95% dân số",
      },
      {
        indicator_id: "ind-coverage",
        organisation_id: "tw",
        year: 2030,
        value: 100,
        comparator: "gte",
        note: "Bao phủ toàn dân",
      },
    ]),
  ];
}

function escalationStatements(db: D1Database, now: number): D1PreparedStatement[] {
  const steps = DEFAULT_LADDER;
  return [
    ...insertStatements(db, "escalation_policies", [
      {
        id: "policy-default",
        name: "Quy trình nhắc hạn, đôn đốc và báo cáo cấp trên mặc định",
        organisation_id: "tw",
        description:
          "Nhắc trước hạn 7, 3 và 1 ngày làm việc; nhắc đúng hạn; báo quá hạn ngày làm việc tiếp theo; báo cấp ủy cấp trên và Ban Tuyên giáo và Dân vận sau 5 ngày làm việc; báo lãnh đạo Ban sau 10 ngày làm việc.",
        created_at: now,
        updated_at: now,
      },
    ]),
    ...insertStatements(
      db,
      "escalation_steps",
      steps.map(([offset, audience, template]) => ({
        id: `policy-default-${offset < 0 ? `m${-offset}` : offset}-${audience}`,
        policy_id: "policy-default",
        offset_days: offset,
        audience,
        template,
      })),
    ),
  ];
}

/** Loads the reference part of the demo: organisations, people, the directive and its cascade, the ladder. */
export function demoReferenceStatements(db: D1Database, now: number): D1PreparedStatement[] {
  const organisations = withPaths(demoOrganisations()).map((o, index) => ({
    id: o.id,
    code: o.code,
    name: o.name,
    short_name: null,
    kind: o.kind,
    parent_id: o.parentId,
    level: o.level,
    path: o.path,
    email: o.email ?? null,
    phone: null,
    address: null,
    population: o.population ?? null,
    opened_on: "2025-07-01",
    closed_on: o.closedOn ?? null,
    seat: officialOf(o).seat,
    document_symbol: officialOf(o).documentSymbol,
    sort_order: index,
    created_at: now,
    updated_at: now,
  }));
  const people = demoPeople();
  return [
    ...insertStatements(db, "organisations", organisations),
    ...insertStatements(
      db,
      "people",
      people.map((p) => ({
        id: p.id,
        email: p.email,
        full_name: p.fullName,
        phone: null,
        title: p.title,
        created_at: now,
        updated_at: now,
      })),
    ),
    ...insertStatements(
      db,
      "memberships",
      people.flatMap((p) =>
        p.roles.map(([organisationId, role]) => ({
          id: `m-${p.id}-${organisationId}-${role}`,
          person_id: p.id,
          organisation_id: organisationId,
          role,
          created_at: now,
        })),
      ),
    ),
    ...directiveStatements(db, now),
    ...escalationStatements(db, now),
  ];
}

/** D1 runs a batch as one transaction; keep each batch to a modest size. */
export async function runInBatches(
  db: D1Database,
  statements: D1PreparedStatement[],
  size = 200,
): Promise<void> {
  for (let i = 0; i < statements.length; i += size) await db.batch(statements.slice(i, i + size));
}

export async function seedDemo(db: D1Database, now: number): Promise<void> {
  await runInBatches(db, [...calendarSeedStatements(db), ...demoReferenceStatements(db, now)]);
  await runInBatches(db, demoPlanStatements(db, now));
  await seedDemoReporting(db, now);
}
