/**
 * A complete, valid answer to the Directive 52 report form (the submit schema passes it), as the
 * API takes it: `extra` replaces fields, `narrative(i)` writes section i.
 */
export function directive52Values(
  extra: Record<string, unknown> = {},
  narrative: (section: number) => string = (i) => `Nội dung mục ${i}`,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    plan_issued: { answer: true, documentRef: "12-KH/TU" },
    inspection_done: { answer: false, documentRef: null },
    dissemination_sessions: 3,
    population: 1000,
    insured_people: 950,
    coverage_pct: 95,
    difficulties: "",
  };
  for (let i = 1; i <= 7; i++) values[`section_${i}`] = narrative(i);
  return { ...values, ...extra };
}
