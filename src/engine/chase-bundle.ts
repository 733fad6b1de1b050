/**
 * At most one chasing email per person per send: a person's reminders, overdue notices and
 * escalations claimed together travel as one message listing them (emails/chase.tsx). Each
 * notification keeps its own ledger row and idempotency key (exactly once per obligation, step
 * and person); the bundle's provider key derives from the keys it carries, so a retry of the
 * same bundle is deduplicated by the provider too.
 */
import { type ChaseItem, chaseBundleEmail } from "../../emails";
import { localDate } from "../domain/time";
import type { ComposableRow, ComposedMessage } from "../email/ledger";

/** What the planner keeps with each chasing notification (`NotificationDraft.bundle`). */
export interface ChaseBundleData {
  item: ChaseItem;
  recipientName: string;
  recipientTitle: string | null;
  /** The one-click link matching the item's list (reminders or escalations). */
  unsubscribeUrl: string;
}

function isChase(value: unknown): value is ChaseBundleData {
  return typeof value === "object" && value !== null && "item" in value && "recipientName" in value;
}

async function bundleKey(personId: string, keys: string[]): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode([...keys].sort().join("\n")));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `chase:${personId}:${hex.slice(0, 32)}`;
}

const OWN_KINDS = new Set(["reminder", "due_today", "overdue"]);

/** The `compose` option of the ledger's sender: groups each person's chasing rows into one message. */
export function composeChaseBundles(now: number) {
  return async (rows: ComposableRow[]): Promise<ComposedMessage[]> => {
    const out: ComposedMessage[] = [];
    const byPerson = new Map<string, ComposableRow[]>();
    for (const row of rows) {
      if (!row.personId || !isChase(row.bundle)) {
        out.push({ rowIds: [row.id], message: row.message });
        continue;
      }
      const list = byPerson.get(row.personId) ?? [];
      list.push(row);
      byPerson.set(row.personId, list);
    }
    for (const [personId, list] of byPerson) {
      if (list.length === 1) {
        out.push({ rowIds: [list[0]!.id], message: list[0]!.message });
        continue;
      }
      const data = list.map((r) => r.bundle as ChaseBundleData);
      const first = data[0]!;
      const own = data.find((d) => OWN_KINDS.has(d.item.kind));
      const escalated = data.find((d) => !OWN_KINDS.has(d.item.kind));
      const email = chaseBundleEmail({
        recipientName: first.recipientName,
        recipientTitle: first.recipientTitle,
        date: localDate(now),
        items: data.map((d) => d.item),
        remindersUnsubscribeUrl: own?.unsubscribeUrl,
        escalationsUnsubscribeUrl: escalated?.unsubscribeUrl,
      });
      const template = list[0]!.message;
      out.push({
        rowIds: list.map((r) => r.id),
        message: {
          idempotencyKey: await bundleKey(
            personId,
            list.map((r) => r.message.idempotencyKey),
          ),
          to: template.to,
          from: template.from,
          subject: email.subject,
          html: email.html,
          text: email.text,
          headers: email.headers,
        },
      });
    }
    return out;
  };
}
