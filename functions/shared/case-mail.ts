import { linkSecret } from '../adapters/secrets/link-secret.ts';
import { casePagePath, debtorStopEmailsPath } from '../contract/routes.ts';
import { debtorKey } from '../contract/table.ts';
import { type CaseRecord, owedBalance } from '../domain/case.ts';
import { type ContactPurpose, EMAIL_PURPOSE, LEDGER_KEEP_MS, trimSends } from '../domain/contact-rules.ts';
import type { Creditor } from '../domain/creditor.ts';
import { isBusinessSegment } from '../domain/creditor.ts';
import { renderEmail } from '../domain/emails.ts';
import { DEBTOR_LINK_DAYS, linkExpiry, signDebtorLink, signLink } from '../domain/links.ts';
import { policyFor } from '../domain/policy.ts';
import type { PolicyClock } from '../domain/policy-clock.ts';
import { type Channel, channelsFor, textAllowed } from '../domain/text-messages.ts';
import { renderServiceText, renderText } from '../domain/texts.ts';
import {
  type Cases,
  type ContactLedger,
  type ContactRecords,
  type LedgerSend,
  type Outbox,
  type RecordedText,
  textKey,
} from '../ports/case-store.ts';
import type {
  CaseEmailRequest,
  CaseMail,
  CaseTextRequest,
  CaseTexts,
  SendOutcome,
  TextSendOutcome,
} from '../ports/effects.ts';
import { type ClockConfig, contactDecisionFor, policyClockOf } from './contact-decision.ts';
import { logger } from './logger.ts';

/** What the gate reads (the sender and the configuration set are deliverEmail's, which calls SES). */
export type MailConfig = ClockConfig & {
  PORTAL_BASE_URL: string;
  LINK_SECRET_ARN: string;
  /** Who is writing (the deployment's, functions/domain/creditor.ts). */
  CREDITOR: Creditor;
};

/** The debtor's account page behind a signed, expiring link to this case only. */
export async function accountUrl(
  record: CaseRecord,
  config: Pick<MailConfig, 'PORTAL_BASE_URL' | 'LINK_SECRET_ARN'>,
  now: Date,
): Promise<string> {
  const policy = policyFor(record.debtor.segment);
  const link = signLink(
    { caseId: record.caseId, action: 'view', expiresAt: linkExpiry(now, policy.linkValidityDays) },
    await linkSecret(config.LINK_SECRET_ARN),
  );
  return `${config.PORTAL_BASE_URL.replace(/\/$/, '')}${casePagePath(link)}`;
}

/**
 * The debtor's one-click opt-out for all their cases (issue 16: the note before a due date has no
 * case to sign a link for): a signed link naming the debtor's key, never the address.
 */
export async function debtorOptOutUrl(
  email: string,
  config: Pick<MailConfig, 'PORTAL_BASE_URL' | 'LINK_SECRET_ARN'>,
  now: Date,
): Promise<string> {
  const link = signDebtorLink(
    { debtor: debtorKey(email), action: 'stop-emails', expiresAt: linkExpiry(now, DEBTOR_LINK_DAYS) },
    await linkSecret(config.LINK_SECRET_ARN),
    now,
  );
  return `${config.PORTAL_BASE_URL.replace(/\/$/, '')}${debtorStopEmailsPath(link)}`;
}

export type { ClockConfig, SendOutcome };
export { contactDecisionFor, policyClockOf };

/** What the send gate reads and records: the case, the ledger and markers, the outbox. */
export type GateStore = Pick<Cases, 'getCase'> &
  Pick<
    ContactRecords,
    'contactLedger' | 'messageState' | 'recordSend' | 'recordWithheld' | 'recordDeferred'
  > &
  Pick<Outbox, 'putInOutbox'>;

export type CaseEmail = CaseEmailRequest & { store: GateStore; config: MailConfig };

/** The send gate as the use cases' port (ports/effects.ts `CaseMail`), over the store it records in. */
export function gateMail(store: GateStore, config: MailConfig): CaseMail {
  return {
    send: (email) => sendCaseEmail({ ...email, store, config }),
    accountUrl: (record, now) => accountUrl(record, config, now),
  };
}

const MAX_DECISIONS = 5;

/**
 * The one gate every email passes (DESIGN §3). It reads the case and the debtor's contact ledger,
 * decides (the contact window, the weekly cap, opt-out, dispute, legal and other pauses), and
 * records the send in the ledger and on the timeline in one transaction, with the rendered email
 * and its recipient on the message's marker (state 'pending'), so two concurrent sends cannot both
 * slip under the cap, and a retried task never sends twice. The email goes a moment later:
 * deliverEmail (the only function with the SES client) takes the recorded message from the
 * table's stream (use-cases/deliver-email.ts). 'sent' means recorded for sending by this attempt;
 * another attempt at the same message (a retry, a racing task) gets 'already-sent'.
 */
export async function sendCaseEmail(options: CaseEmail): Promise<SendOutcome> {
  const { store, config, kind, messageKey, now } = options;
  const caseId = options.record.caseId;
  const purpose = options.purpose ?? EMAIL_PURPOSE[kind];
  // The message's email marker, or (a message that went by text alone) its text's.
  const earlier =
    (await store.messageState(caseId, messageKey)) ?? (await store.messageState(caseId, textKey(messageKey)));
  if (earlier === 'sent') {
    logger.info('Email already sent by an earlier attempt', { messageKey });
    return { outcome: 'already-sent' };
  }
  if (earlier === 'withheld') return { outcome: 'withheld' };
  // Recorded by an earlier attempt and not yet delivered: deliverEmail is sending it.
  if (earlier === 'pending') return { outcome: 'already-sent' };

  const clock = policyClockOf(config);
  for (let attempt = 1; attempt <= MAX_DECISIONS; attempt++) {
    // The case as it is now: a dispute or an opt-out recorded a moment ago wins.
    const stored = (await store.getCase(caseId)) ?? options.record;
    const current = { ...options.record, ...pickContactState(stored, options.record) };
    const ledger = await store.contactLedger(current.debtor.email);
    // Another attempt at this very message recorded it a moment ago: it is not a further message.
    if (
      ledger.sends.some(
        (send) =>
          send.caseId === caseId &&
          (send.messageKey === messageKey || send.messageKey === textKey(messageKey)),
      )
    )
      return { outcome: 'already-sent' };
    // The channels it goes by (issue 16): the debtor's preference where allowed; an address no email
    // reaches leaves the text, if they consented to texts. Each channel is one contact under the cap.
    // The debtor's opt-out of every email (issue 16, kept with their ledger) stops this case's too.
    const channels = channelsOf(
      ledger.emailsStoppedAt && !current.optedOutAt
        ? { ...current, optedOutAt: ledger.emailsStoppedAt }
        : current,
      ledger.undeliverable !== undefined,
    );
    // Judged and recorded at this moment, not when the caller started: a run that began a while ago
    // (the outbox's, a retried decision) would otherwise count its week from the past, where sends a
    // later writer has already trimmed from the ledger no longer count (the lives found 4 in a week).
    const at = new Date(Math.max(now.getTime(), Date.now()));
    // A text alone is judged without the email's opt-out and the address's bounces (neither is its).
    const textOnly = channels.length > 0 && !channels.includes('email');
    const decision = contactDecisionFor(
      textOnly ? ({ ...current, optedOutAt: undefined } as CaseRecord) : current,
      textOnly ? { sends: ledger.sends } : ledger,
      purpose,
      clock,
      at,
      Math.max(1, channels.length),
    );
    switch (decision.decision) {
      case 'never':
      case 'person':
        await store.recordWithheld(current, messageKey, {
          type: 'EmailWithheld',
          at: at.toISOString(),
          entryId: `withheld-${messageKey}`,
          data: {
            kind,
            purpose,
            reason: decision.reason,
            ...(decision.decision === 'person' ? { person: true } : {}),
            // A message that was to go by text too: the metrics count a text refused (issue 16).
            ...(channels.includes('sms') ? { channels } : {}),
          },
        });
        logger.info('Email withheld', { messageKey, reason: decision.reason });
        return decision.decision === 'person'
          ? { outcome: 'withheld', person: decision.followUp }
          : { outcome: 'withheld' };
      case 'wait':
        await store.recordDeferred(current, messageKey, {
          type: 'EmailDeferred',
          at: at.toISOString(),
          entryId: `deferred-${messageKey}`,
          data: { kind, purpose, until: decision.until.toISOString(), reason: decision.reason },
        });
        if (options.outbox !== false) {
          await store.putInOutbox({
            caseId,
            messageKey,
            dueAt: decision.until.toISOString(),
            kind,
            purpose,
            ...(options.agencyReferralDate ? { agencyReferralDate: options.agencyReferralDate } : {}),
            ...(options.extra ? { extra: options.extra as Record<string, unknown> } : {}),
            queuedAt: at.toISOString(),
          });
        }
        logger.info('Email deferred', { messageKey, until: decision.until.toISOString() });
        return { outcome: 'deferred', until: decision.until };
      case 'send': {
        const account = await accountUrl(current, options.config, options.now);
        const byEmail = channels.includes('email');
        const email = byEmail ? render(options, current, account) : undefined;
        const text = channels.includes('sms')
          ? textFor(current, messageKey, kind, purpose, account, at, options.config.CREDITOR.name)
          : undefined;
        const sends: LedgerSend[] = channels.map((channel) => ({
          at: at.toISOString(),
          caseId,
          messageKey: channel === 'email' ? messageKey : textKey(messageKey),
        }));
        const recorded = await store.recordSend(
          current,
          messageKey,
          nextLedger(ledger, sends, clock, at, config),
          email
            ? {
                type: 'EmailSent',
                at: at.toISOString(),
                entryId: `email-${messageKey}`,
                data: {
                  kind,
                  purpose,
                  subject: email.subject,
                  balance: current.balance,
                  ...(options.agencyReferralDate ? { agencyReferralDate: options.agencyReferralDate } : {}),
                  // An offer the email makes is on the record before it goes.
                  ...(options.extra?.settlement ? { settlement: options.extra.settlement } : {}),
                },
              }
            : undefined,
          // The recipient as the case has it now; the email whole, as rendered.
          email ? { to: current.debtor.email, email } : undefined,
          text,
        );
        if (recorded === 'ledger-changed' || recorded === 'case-changed') continue;
        // Another attempt recorded it a moment ago: that one reports it sent.
        if (recorded === 'already-recorded') return { outcome: 'already-sent' };
        logger.info('Email recorded for sending', { messageKey, kind });
        return { outcome: 'sent' };
      }
    }
  }
  throw new Error(
    `The contact ledger of case ${caseId}'s debtor kept changing; message ${messageKey} not sent`,
  );
}

/** What the gate reads and records for a text in a person's words (nothing waits in the outbox). */
export type TextGateStore = Pick<Cases, 'getCase'> &
  Pick<ContactRecords, 'contactLedger' | 'messageState' | 'recordSend'>;

/** What the gate reads for a text (who is writing, for the confirmation before a first text). */
export type TextConfig = ClockConfig & Pick<MailConfig, 'CREDITOR'>;

/** The send gate for texts in a person's words (ports/effects.ts `CaseTexts`), over the store it records in. */
export function gateText(store: TextGateStore, config: TextConfig): CaseTexts {
  return { send: (request) => sendCaseText(request, store, config) };
}

/**
 * The one gate, for a text in a person's words (issue 16: a staff reply to the debtor's text). The
 * same judgement as every message: the case as stored now, consent to texts (a phone, consent, no
 * STOP since), and the contact decision on the debtor's ledger (the window in their zone, the one
 * weekly cap shared with every email and text; the email's own opt-out and bounces are not the
 * text's). Allowed now, the ledger's send, the text's marker (deliverText sends it, as every text)
 * and its TextSent entry are written in one transaction, with the confirmation text first when it
 * is the case's first. Anything else refuses it and writes nothing: a person asked for this now, and
 * is told why it cannot go (no deferral, no outbox).
 */
export async function sendCaseText(
  request: CaseTextRequest,
  store: TextGateStore,
  config: TextConfig,
): Promise<TextSendOutcome> {
  const { messageKey, purpose, now } = request;
  const caseId = request.record.caseId;
  const key = textKey(messageKey);
  if ((await store.messageState(caseId, key)) !== undefined) return { outcome: 'already-sent' };
  const clock = policyClockOf(config);
  for (let attempt = 1; attempt <= MAX_DECISIONS; attempt++) {
    const stored = (await store.getCase(caseId)) ?? request.record;
    const current = { ...request.record, ...pickContactState(stored, request.record) };
    if (!textAllowed(current)) return { outcome: 'no-consent' };
    const ledger = await store.contactLedger(current.debtor.email);
    if (ledger.sends.some((send) => send.caseId === caseId && send.messageKey === key))
      return { outcome: 'already-sent' };
    const at = new Date(Math.max(now.getTime(), Date.now()));
    const decision = contactDecisionFor(
      { ...current, optedOutAt: undefined } as CaseRecord,
      { sends: ledger.sends },
      purpose,
      clock,
      at,
    );
    if (decision.decision !== 'send') {
      logger.info('Text refused by the contact rules', { messageKey, reason: decision.reason });
      return {
        outcome: 'refused',
        reason: decision.reason,
        ...(decision.decision === 'wait' ? { until: decision.until } : {}),
      };
    }
    const welcome = current.smsWelcomedAt
      ? undefined
      : renderServiceText('welcome', { locale: current.debtor.locale, creditorName: config.CREDITOR.name });
    const recorded = await store.recordSend(
      current,
      messageKey,
      nextLedger(ledger, [{ at: at.toISOString(), caseId, messageKey: key }], clock, at, config),
      undefined,
      undefined,
      {
        text: {
          messageKey: key,
          to: current.debtor.phone as string,
          body: request.text.body,
          segments: request.text.segments,
          encoding: request.text.encoding,
          ...(welcome ? { welcome: welcome.body } : {}),
        },
        entry: {
          type: 'TextSent',
          at: at.toISOString(),
          entryId: `text-${messageKey}`,
          data: {
            ...request.data,
            purpose,
            segments: request.text.segments,
            encoding: request.text.encoding,
            ...(welcome ? { welcomeSegments: welcome.segments } : {}),
          },
        },
        ...(welcome ? { set: { smsWelcomedAt: at.toISOString() } } : {}),
      },
    );
    if (recorded === 'ledger-changed' || recorded === 'case-changed') continue;
    if (recorded === 'already-recorded') return { outcome: 'already-sent' };
    logger.info('Text recorded for sending', { messageKey, segments: request.text.segments });
    return { outcome: 'sent' };
  }
  throw new Error(`The contact ledger of case ${caseId}'s debtor kept changing; text ${messageKey} not sent`);
}

/** The fields the contact rules read, as stored now (the caller's copy may be older or already closed). */
function pickContactState(stored: CaseRecord, caller: CaseRecord): Partial<CaseRecord> {
  // The version too: the send is recorded only if the case is still as decided on.
  const { status, optedOutAt, legalPause, dispute, pause, timeZoneKnown, version, balance } = stored;
  // Texts (issue 16): consent given or withdrawn a moment ago wins too.
  const { phone, smsConsent, preferredChannel } = stored.debtor;
  return {
    status,
    optedOutAt,
    legalPause,
    dispute,
    pause,
    timeZoneKnown,
    version,
    balance,
    smsOptedOutAt: stored.smsOptedOutAt,
    smsWelcomedAt: stored.smsWelcomedAt,
    debtor: {
      ...caller.debtor,
      ...(phone !== undefined ? { phone } : {}),
      ...(smsConsent !== undefined ? { smsConsent } : {}),
      ...(preferredChannel !== undefined ? { preferredChannel } : {}),
    },
  };
}

/**
 * The channels a message goes by (issue 16): the debtor's preference where allowed (see
 * channelsFor), no email to an address nothing reaches, and never more channels than the cap holds.
 */
function channelsOf(record: CaseRecord, undeliverable: boolean): Channel[] {
  const channels = channelsFor(record).filter((channel) => !(undeliverable && channel === 'email'));
  return channels.slice(0, policyFor(record.debtor.segment).weeklyMessageCap);
}

/** The message as a text: its words by purpose, its segments, and the confirmation before a first text. */
function textFor(
  record: CaseRecord,
  messageKey: string,
  kind: string,
  purpose: ContactPurpose,
  account: string,
  at: Date,
  creditorName: string,
): RecordedText {
  const input = {
    locale: record.debtor.locale,
    creditorName,
    balance: owedBalance(record),
    accountUrl: account,
  };
  const text = renderText({ ...input, purpose });
  const welcome = record.smsWelcomedAt ? undefined : renderServiceText('welcome', input);
  const key = textKey(messageKey);
  return {
    text: {
      messageKey: key,
      to: record.debtor.phone as string,
      body: text.body,
      segments: text.segments,
      encoding: text.encoding,
      ...(welcome ? { welcome: welcome.body } : {}),
    },
    entry: {
      type: 'TextSent',
      at: at.toISOString(),
      entryId: `text-${messageKey}`,
      data: {
        kind,
        purpose,
        balance: record.balance,
        segments: text.segments,
        encoding: text.encoding,
        ...(welcome ? { welcomeSegments: welcome.segments } : {}),
      },
    },
    ...(welcome ? { set: { smsWelcomedAt: at.toISOString() } } : {}),
  };
}

/**
 * The ledger as a send writes it: what it read (the condition), its sends still worth keeping plus
 * the new ones, and when it expires (once even its newest send is no longer worth keeping).
 */
function nextLedger(
  read: ContactLedger,
  added: readonly LedgerSend[],
  clock: PolicyClock,
  at: Date,
  config: Pick<ClockConfig, 'DAY_SECONDS'>,
) {
  return {
    read,
    sends: [...trimLedger(read.sends, clock, at), ...added],
    expiresAt:
      Math.floor(at.getTime() / 1000) + Math.ceil((LEDGER_KEEP_MS / 1000) * (config.DAY_SECONDS / 86_400)),
  };
}

function trimLedger(sends: readonly LedgerSend[], clock: PolicyClock, now: Date): LedgerSend[] {
  const kept = new Set(
    trimSends(
      sends.map((send) => clock.toPolicy(new Date(send.at))),
      clock.toPolicy(now),
    ).map((at) => at.getTime()),
  );
  return sends.filter((send) => kept.has(clock.toPolicy(new Date(send.at)).getTime()));
}

function render(options: CaseEmail, record: CaseRecord, account: string) {
  return renderEmail({
    ...options.extra,
    kind: options.kind,
    debtorName: record.debtor.name,
    creditor: options.config.CREDITOR,
    business: isBusinessSegment(record.debtor.segment),
    locale: record.debtor.locale,
    // A written-off case owes nothing: its closing message says so (not "part of your balance").
    balance: owedBalance(record),
    invoices: record.invoices,
    accountUrl: account,
    // Every email carries a one-click way to stop them (DESIGN §3).
    optOutUrl: `${account}/stop-emails`,
    // The thank-you for a paid case asks how we did (the portal's one-question survey).
    ...(options.kind === 'thanks' ? { surveyUrl: `${account}/survey` } : {}),
    ...(options.agencyReferralDate ? { agencyReferralDate: options.agencyReferralDate } : {}),
  });
}
