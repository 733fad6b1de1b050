/**
 * Report forms defined as data. `FormDefinition` validates the JSON stored in
 * `report_forms.definition`; `buildValuesSchema` turns a definition into a zod schema
 * for a report's values, with Vietnamese messages per field, in two modes:
 * - `draft`: every item optional (null or absent), but types, bounds and any document
 *   number typed are still checked, so an autosaved draft never holds garbage;
 * - `submit`: required items must be filled in; a "yes" on an item that requires a
 *   document reference must carry a valid document number.
 * Unknown keys are rejected in both modes (a stale form or a typo must not be stored).
 *
 * Values shape: narrative -> string, number -> number, yes/no -> { answer, documentRef }.
 * Document references come back normalised (see `parseDocumentNumber`).
 *
 * This is the public entry: the definition lives in `form-model.ts`, values in
 * `form-values.ts`, the default Directive 52 form in `form-directive-52.ts`.
 */
export * from "./form-directive-52";
export * from "./form-model";
export * from "./form-values";
