/**
 * Text that every output can carry. Input is normalised to Unicode NFC (so "ệ" typed as e +
 * two combining marks and "ệ" precomposed are the same text everywhere: search, diffs,
 * byte-identical resubmission), and characters that XML 1.0 forbids (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) or that Unicode reserves as non-characters (U+FDD0–U+FDEF and
 * the last two code points of every plane) are refused at the edge with a clear message.
 * Exporters (docx, CSV, email) still strip them, so nothing already stored can break a file.
 */

/** True for a code point that XML 1.0 allows in a document and that is not a Unicode non-character. */
export function isAllowedCodePoint(cp: number): boolean {
  if (cp === 0x9 || cp === 0xa || cp === 0xd) return true;
  if (cp < 0x20) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false; // a lone surrogate half
  if (cp >= 0xfdd0 && cp <= 0xfdef) return false;
  if ((cp & 0xfffe) === 0xfffe) return false; // U+xFFFE and U+xFFFF of every plane
  return cp <= 0x10ffff;
}

export interface BadCharacter {
  /** Index in UTF-16 code units. */
  index: number;
  codePoint: number;
}

/** The first character of `text` that may not be stored, or null. */
export function findBadCharacter(text: string): BadCharacter | null {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    // A valid surrogate pair gives the whole code point at its high half.
    if (cp > 0xffff) {
      if (!isAllowedCodePoint(cp)) return { index: i, codePoint: cp };
      i++;
      continue;
    }
    if (!isAllowedCodePoint(cp)) return { index: i, codePoint: cp };
  }
  return null;
}

/** "U+FFFF" */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The Vietnamese reason a text is refused, naming the character and where it is. */
export function badCharacterMessage(text: string, bad: BadCharacter): string {
  const position = [...text.slice(0, bad.index)].length + 1;
  return `Có ký tự không hợp lệ (${codePointLabel(bad.codePoint)}) ở vị trí ${position}; hãy xóa ký tự này rồi gửi lại`;
}

/** Removes every character `isAllowedCodePoint` refuses (what exporters do defensively). */
export function stripForbidden(text: string): string {
  if (findBadCharacter(text) === null) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isAllowedCodePoint(cp)) out += text.slice(i, i + width);
    i += width - 1;
  }
  return out;
}

/** NFC, for text arriving from people and clients. */
export function normaliseText(text: string): string {
  return text.normalize("NFC");
}

export interface TextIssue {
  /** Dotted path of the offending value ("values.section_1", "title"). */
  field: string;
  message: string;
}

/**
 * Walks a parsed JSON value (or form fields): NFC-normalises every string (keys too) and
 * collects the strings holding a forbidden character, at most `maxIssues` of them (the rest
 * counted), so a hostile body cannot make the answer large.
 */
export function cleanValue(
  value: unknown,
  maxIssues: number,
): { value: unknown; issues: TextIssue[]; moreIssues: number } {
  const issues: TextIssue[] = [];
  let moreIssues = 0;
  const check = (text: string, path: string): string => {
    const bad = findBadCharacter(text);
    if (bad) {
      if (issues.length < maxIssues)
        issues.push({ field: path || "(body)", message: badCharacterMessage(text, bad) });
      else moreIssues++;
      return text;
    }
    return normaliseText(text);
  };
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === "string") return check(v, path);
    if (Array.isArray(v)) return v.map((x, i) => walk(x, path ? `${path}.${i}` : String(i)));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const key = check(k, path ? `${path}.${k}` : k);
        out[key] = walk(x, path ? `${path}.${key}` : key);
      }
      return out;
    }
    return v;
  };
  return { value: walk(value, ""), issues, moreIssues };
}

/** The text with its first letter upper-case, to start a sentence or a label ("quá hạn 2 ngày" -> "Quá hạn 2 ngày"). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
