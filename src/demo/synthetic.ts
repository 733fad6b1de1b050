/**
 * A synthetic national organisation tree with two reporting periods of obligations, for
 * benchmarks (`npm run bench`) and tests at scale. Pure and deterministic for a given seed:
 * no I/O, no clock. Rows are plain objects keyed by the column names of `src/db/schema/`,
 * grouped per table in foreign-key order, so they can be inserted as they come.
 *
 * Shape (default 60,000 organisations): `tw` (root), the Commission `btgdv`, 34 provincial
 * committees `p01`..`p34` and 6 central committees `c01`..`c06`, 3,321 communes spread
 * unevenly over the provinces (`p01-c0001`), and grassroots organisations under the
 * communes (`p01-c0001-g001`) up to the requested total. Smaller sizes keep the 40 committees
 * and scale communes and grassroots proportionally. Communes and grassroots report.
 *
 * People: a secretary for every organisation, a reporter (the office) for every committee and
 * commune, two Commission staff and one leader, so every ladder audience resolves.
 *
 * Engine state at `now` (a working day, 09:00): the chased obligations of the open period
 * (pending, draft, returned) stand on the escalation ladder as the engine left them. About half
 * of them (`DUE_SHARE`) have their latest rung (the one at or before `now`) not yet recorded:
 * `next_action_at` is that rung's instant, the earlier rungs are in `notifications` as sent.
 * The others are up to date: every rung up to `now` was handled and `next_action_at` is the next
 * one (their history is not generated: no tick reads it). At 60,000 organisations that is
 * ~10,000 obligations with a step due for the next tick.
 */
import { VN_HOLIDAYS } from "../domain/holidays-vn";
import { registeredDocument } from "./seed-helpers";
import {
  FIXED,
  type Gen,
  NATIONAL_ORGANISATIONS,
  PROVINCES,
  type Row,
  rng,
  SYNTHETIC_CLOSED_PERIOD_ID,
  SYNTHETIC_OPEN_PERIOD_ID,
  type SyntheticData,
  type SyntheticOptions,
  type TableRows,
} from "./synthetic-kit";
import { syntheticObligations, syntheticSetup } from "./synthetic-reports";
import { syntheticPeople, syntheticTree } from "./synthetic-tree";

export {
  communeCount,
  DIGEST_RECIPIENTS,
  DUE_SHARE,
  NATIONAL_COMMUNES,
  NATIONAL_ORGANISATIONS,
  type Row,
  type SqlValue,
  type SyntheticData,
  type SyntheticOptions,
  type TableRows,
} from "./synthetic-kit";
export { type SqlInsertOptions, toSqlInserts, toSqlStatements } from "./synthetic-sql";

/** Each table's rows under its name, in the order given (the order they are loaded in). */
const byTable = (rowsOf: Record<string, Row[]>): TableRows[] =>
  Object.entries(rowsOf).map(([table, rows]) => ({ table, rows }));

export function generateSynthetic(options: SyntheticOptions = {}): SyntheticData {
  const total = options.organisations ?? NATIONAL_ORGANISATIONS;
  if (!Number.isInteger(total) || total < FIXED + PROVINCES) {
    throw new RangeError(`organisations must be an integer of at least ${FIXED + PROVINCES}`);
  }
  const random = rng(options.seed ?? 52);
  const now = options.now ?? Date.parse("2026-07-20T09:00:00+07:00");
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const gen: Gen = { random, pick, now };

  // The generators draw from `random` in this order; the data is the same for a seed.
  const { orgs, communeRows } = syntheticTree(gen, total);
  const { people, memberships, secretaryOf, digestSubscriptions } = syntheticPeople(gen, orgs);
  const setup = syntheticSetup(orgs);
  const { documents, directives, forms, policies, steps, schedules, periods } = setup;
  const { obligations, versions, decisions, extensions, notifications } = syntheticObligations(
    gen,
    setup,
    secretaryOf,
  );

  const tables: TableRows[] = [
    ...byTable({ organisations: orgs, people, memberships }),
    {
      table: "calendar_days",
      rows: VN_HOLIDAYS.map((d) => ({ day: d.day, kind: d.kind, name: d.name, source: d.source ?? null })),
    },
    {
      table: "documents",
      rows: documents.map((d) => registeredDocument(d as Parameters<typeof registeredDocument>[0])),
    },
    ...byTable({
      directives,
      report_forms: forms,
      escalation_policies: policies,
      escalation_steps: steps,
      reporting_schedules: schedules,
      periods,
      obligations,
      report_versions: versions,
      review_decisions: decisions,
      extensions,
      notifications,
      digest_subscriptions: digestSubscriptions,
    }),
  ];
  const firstCommune = communeRows[0]!;
  return {
    tables,
    refs: {
      rootId: "tw",
      provinceId: firstCommune.parent_id as string,
      communeId: firstCommune.id as string,
      closedPeriodId: SYNTHETIC_CLOSED_PERIOD_ID,
      openPeriodId: SYNTHETIC_OPEN_PERIOD_ID,
      // "xã Hòa Bình": matches the commune and the grassroots named after it, and its namesakes.
      searchTerm: (firstCommune.name as string).replace(/^Đảng ủy /, ""),
      now,
    },
    counts: Object.fromEntries(tables.map((t) => [t.table, t.rows.length])),
  };
}
