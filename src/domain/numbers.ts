/**
 * Numbers as Vietnamese people write them: the comma is the decimal mark ("95,54") and the
 * dot groups thousands ("8.700.000"); plain forms ("8700000", "95.54" as browsers and
 * machines send it) are accepted too. Display is always vi-VN: "8.700.000", "95,54".
 */

export type ParsedNumber = { ok: true; value: number } | { ok: false };

const GROUPED_DOTS = /^\d{1,3}(\.\d{3})+$/; // 8.700.000
const GROUPED_SPACES = /^\d{1,3}( \d{3})+$/; // 8 700 000

/**
 * Reads a number typed by a person. Rules, in order:
 * - spaces (also no-break) between digit groups are thousands separators;
 * - with a comma: the comma is the decimal mark, dots before it group thousands ("1.234,5");
 * - without a comma: dots grouping exactly three digits are thousands ("8.700.000", "1.000");
 *   a single dot otherwise is a decimal point ("95.54");
 * - an optional leading minus; nothing else (no units, no exponent, no "1,2,3").
 */
export function parseViNumber(input: string): ParsedNumber {
  let t = input.trim().replace(/[\u00a0\u202f]/g, " ");
  if (t === "") return { ok: false };
  let sign = 1;
  if (t.startsWith("-") || t.startsWith("−")) {
    sign = -1;
    t = t.slice(1).trim();
  }
  let intPart: string;
  let fraction = "";
  const comma = t.split(",");
  if (comma.length > 2) return { ok: false };
  if (comma.length === 2) {
    intPart = comma[0]!;
    fraction = comma[1]!;
    if (!/^\d+$/.test(fraction)) return { ok: false };
    if (!(/^\d+$/.test(intPart) || GROUPED_DOTS.test(intPart) || GROUPED_SPACES.test(intPart)))
      return { ok: false };
  } else if (GROUPED_DOTS.test(t) || GROUPED_SPACES.test(t)) {
    intPart = t;
  } else if (/^\d+(\.\d+)?$/.test(t)) {
    [intPart, fraction = ""] = t.split(".") as [string, string?];
  } else if (/^\.\d+$/.test(t)) {
    intPart = "0";
    fraction = t.slice(1);
  } else {
    return { ok: false };
  }
  const digits = intPart.replace(/[. ]/g, "");
  const value = sign * Number(fraction ? `${digits}.${fraction}` : digits);
  return Number.isFinite(value) ? { ok: true, value: Object.is(value, -0) ? 0 : value } : { ok: false };
}

/**
 * A number typed in a form builder's or set-up form's field, read as the report forms read one
 * (`parseViNumber`: "1.000" is a thousand, "95,5" and "95.5" ninety-five and a half): blank ->
 * null; anything unreadable or infinite -> NaN, for the schema to refuse.
 */
export function fieldNumber(text: string | undefined): number | null {
  const typed = text?.trim() ?? "";
  if (typed === "") return null;
  const parsed = parseViNumber(typed);
  return parsed.ok ? parsed.value : Number.NaN;
}

const viFormats = new Map<string, Intl.NumberFormat>();

/**
 * vi-VN display, as `toLocaleString("vi-VN")` writes it: thousands grouped with dots, decimal
 * comma, at most `maxFractionDigits` (trailing zeros dropped unless `minFractionDigits` asks
 * for them), rounded half up on the decimal as written ("2,675" -> "2,68"); never "-0";
 * "" for a value that is not finite.
 */
export function formatViNumber(
  value: number,
  options: { maxFractionDigits?: number; minFractionDigits?: number } = {},
): string {
  if (!Number.isFinite(value)) return "";
  const max = options.maxFractionDigits ?? 2;
  const min = Math.min(options.minFractionDigits ?? 0, max);
  const key = `${min}-${max}`;
  let format = viFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat("vi-VN", { minimumFractionDigits: min, maximumFractionDigits: max });
    viFormats.set(key, format);
  }
  const text = format.format(value);
  return /[1-9]/.test(text) ? text : text.replace(/^-/, "");
}

/** A figure's percentage: `87.54` -> `87,5%` (`digits` decimals, kept when zero); nothing -> `—`. */
export function formatViPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${value.toFixed(digits).replace(".", ",")}%`;
}

/** A figure's count, rounded: `8700000` -> `8.700.000`, negatives with "−"; nothing -> `—`. */
export function formatViCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const rounded = Math.round(value);
  return String(Math.abs(rounded))
    .replace(/\B(?=(\d{3})+(?!\d))/g, ".")
    .replace(/^/, rounded < 0 ? "−" : "");
}
