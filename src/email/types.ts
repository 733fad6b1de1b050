/** One email as handed to a transport. */
export interface EmailMessage {
  idempotencyKey: string;
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

export type SendOutcome =
  | { ok: true; providerId: string }
  | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

/** Production sends through Resend; development and tests through the local outbox. */
export interface EmailTransport {
  readonly name: string;
  /** Sends up to `maxBatch` messages; returns one outcome per message, in order. */
  sendBatch(messages: EmailMessage[]): Promise<SendOutcome[]>;
  readonly maxBatch: number;
}

/** A notification to record in the ledger (unique `idempotencyKey`) and then send. */
export interface NotificationDraft {
  idempotencyKey: string;
  personId: string | null;
  to: string;
  template: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  obligationId?: string | null;
  stepKey?: string | null;
  /** `superseded` records a ladder step as handled without sending anything. */
  status?: "pending" | "superseded";
  /** Not before this instant (ms UTC; default: now), e.g. a nudge asked for on a day off. */
  sendAt?: number;
  /**
   * What a chasing notification is about, kept with it so the sender can list several of one
   * person's notifications in one email (see src/engine/chase-bundle.ts).
   */
  bundle?: unknown;
}
