import type { Child } from "hono/jsx";
import { composeEmail, type DutyProps, dutyFacts, Facts, factLines, P, type RenderedEmail } from "./layout";

/** What one duty email says beside the duty itself (organisation, report, period, deadline). */
export interface DutyMail {
  subject: string;
  heading: string;
  intro: string;
  /** Facts listed after the duty's own. */
  facts: [string, string][];
  /** The one button's label (it opens the duty's page). */
  action: string;
  reason: string;
  headers: Record<string, string>;
  unsubscribeUrl?: string;
  /** Defaults to the official salutation with the recipient's position. */
  greeting?: string;
  /** Shown after the facts, in the HTML and in the text part. */
  extraHtml?: Child;
  extraText?: string[];
}

/**
 * The shape every mail about one report shares (reminders, escalations, review, extensions): the
 * salutation, the intro, the facts and the one action, as HTML and as plain text.
 */
export function dutyEmail(p: DutyProps, o: DutyMail): RenderedEmail {
  const facts: [string, string][] = [...dutyFacts(p), ...o.facts];
  return composeEmail({
    subject: o.subject,
    preheader: o.intro,
    heading: o.heading,
    recipient: p,
    greeting: o.greeting,
    body: (
      <>
        <P>{o.intro}</P>
        <Facts rows={facts} />
        {o.extraHtml ?? null}
      </>
    ),
    lines: [o.intro, "", ...factLines(facts), ...(o.extraText ?? [])],
    action: { label: o.action, url: p.formUrl },
    reason: o.reason,
    unsubscribeUrl: o.unsubscribeUrl,
    headers: o.headers,
  });
}
