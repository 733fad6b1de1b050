/** What the directive set-up's JSON routes accept and answer. */
import * as z from "zod";
import { errorJson, staleWriteJson } from "../../platform/openapi";

export const indicatorIdParams = z.object({ id: z.string().min(1).max(64).describe("Mã chỉ tiêu") });

export const targetKeyParams = z.object({
  id: z.string().min(1).max(64).describe("Mã chỉ tiêu"),
  organisationId: z.string().min(1).max(64).describe("Mã tổ chức"),
  year: z.string().max(10).describe("Năm"),
});

const sectionJson = z.object({
  number: z.number().int(),
  title: z.string(),
  titleIsEditorial: z.boolean(),
  body: z.string(),
  isTaskGroup: z.boolean(),
});

export const directiveListJson = z.object({
  directives: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      docType: z.string(),
      docTypeLabel: z.string(),
      title: z.string(),
      issuedOn: z.string(),
      organisationId: z.string().nullable(),
    }),
  ),
});

/** A directive as registered: its number, text and sections (`revision` for the next edit). */
export const setupDirectiveJson = z.object({
  id: z.string(),
  number: z.string(),
  docType: z.string(),
  docTypeLabel: z.string(),
  title: z.string(),
  subject: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  summary: z.string().nullable(),
  organisationId: z.string().nullable(),
  revision: z.number().int(),
  sections: z.array(sectionJson),
});

/** A stale edit carries both texts: the stored one (`current`) and the one sent (`yours`). */
export const staleDirectiveJson = staleWriteJson(
  setupDirectiveJson,
  z.object({
    number: z.string(),
    issuer: z.string(),
    issuedOn: z.string(),
    title: z.string(),
    summary: z.string().nullish(),
    organisationId: z.string(),
    sections: z.array(sectionJson),
    revision: z.number().int().optional(),
  }),
);

/** 409: a stale revision (with both texts) or a number already registered (the error alone). */
export const directiveConflictJson = z.union([staleDirectiveJson, z.object({ error: errorJson })]);

const indicatorFields = {
  id: z.string(),
  directiveId: z.string(),
  code: z.string(),
  name: z.string(),
  unit: z.string(),
  valueKind: z.enum(["percent", "integer", "decimal"]),
  aggregation: z.string(),
  sectionNumber: z.number().int().nullable(),
  baselineValue: z.number().nullable(),
  baselineYear: z.number().int().nullable(),
  minValue: z.number().nullable(),
  maxValue: z.number().nullable(),
};

export const indicatorBody = z.object({ indicator: z.object(indicatorFields) });

/** What a target sets for an organisation: the year, the value and whether it must be passed or reached. */
const targetMeasure = { year: z.number().int(), value: z.number(), comparator: z.enum(["gt", "gte"]) };

export const indicatorListJson = z.object({
  indicators: z.array(
    z.object({
      ...indicatorFields,
      targets: z.array(
        z.object({
          organisationId: z.string(),
          organisationName: z.string(),
          ...targetMeasure,
          note: z.string().nullable(),
        }),
      ),
    }),
  ),
});

export const targetBody = z.object({
  target: z.object({
    indicatorId: z.string(),
    organisationId: z.string(),
    ...targetMeasure,
    note: z.string().nullish(),
  }),
});

export const deletedJson = z.object({ deleted: z.literal(true) });
