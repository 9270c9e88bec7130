import { staffPaths } from '../contract/routes.ts';
import { isWithAgency } from '../domain/agency.ts';
import { type CaseRecord, isActive } from '../domain/case.ts';
import { formatDate, formatDateTime } from '../domain/dates.ts';
import { formatMoney, type Money, minorUnitDigits } from '../domain/money.ts';
import { QUEUES, type QueueName, waitsForPerson } from '../domain/queues.ts';
import {
  awaitsReferralApproval,
  CALL_OUTCOMES,
  may,
  type StaffAction,
  unhandledMessages,
} from '../domain/staff.ts';
import { textAllowed } from '../domain/text-messages.ts';
import { EMPTY, html, type SafeHtml } from '../views/html.ts';
import { csrfField, errorSummary, type StaffView, staffHref, staffPage, staffWords } from './layout.ts';

/** The console's pages (issue 12), pure views over what the handler read. */

const localeOf = (view: StaffView) => (view.language === 'es' ? 'es-ES' : 'en-GB');
const money = (value: Money, view: StaffView) => formatMoney(value, localeOf(view));
const when = (iso: string, view: StaffView, timeZone = 'UTC') => {
  try {
    return formatDateTime(iso, localeOf(view), timeZone);
  } catch {
    return iso;
  }
};

export type SignInState = {
  email?: string;
  problem?: 'refused' | 'missing' | 'expired';
  totp?: boolean;
  /** A first sign-in: the authenticator's secret to add (and its otpauth URI), then its first code. */
  setup?: { secret: string; uri: string };
};

export function signInPage(view: StaffView, state: SignInState = {}): string {
  const w = staffWords(view.language).signIn;
  const problem = state.problem ? w[state.problem] : undefined;
  const setup = state.setup
    ? html`<h2>${w.setupTitle}</h2>
<p>${w.setupIntro}</p>
<p>${w.setupSecret} <code>${state.setup.secret}</code></p>
<p class="hint">${w.setupUri} <code>${state.setup.uri}</code></p>`
    : EMPTY;
  const fields = state.totp
    ? html`${setup}<label for="code">${w.code}</label>
<p class="hint" id="code-hint">${w.codeHint}</p>
<input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" aria-describedby="code-hint" required>
<input type="hidden" name="email" value="${state.email ?? ''}">`
    : html`<label for="email">${w.email}</label>
<input type="email" id="email" name="email" autocomplete="username" value="${state.email ?? ''}" required${problem ? html` aria-invalid="true" aria-describedby="sign-in-problem"` : EMPTY}>
<label for="password">${w.password}</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>`;
  const body = html`<h1>${w.title}</h1>
${problem ? html`<div class="error-summary" role="alert"><p class="error" id="sign-in-problem">${problem}</p></div>` : EMPTY}
<form method="post" action="${staffHref(view, staffPaths.signIn)}">
${csrfField(view)}
${fields}
<p><button class="button" type="submit">${w.submit}</button></p>
</form>`;
  return staffPage(view, w.title, body, { hasErrors: Boolean(problem) });
}

function searchForm(view: StaffView, q = '', invalid = false): SafeHtml {
  const w = staffWords(view.language).search;
  return html`<form method="get" action="${staffPaths.search}" role="search">
${view.language !== 'en' ? html`<input type="hidden" name="lang" value="${view.language}">` : EMPTY}
<label for="q">${w.label}</label>
<p class="hint" id="q-hint">${w.hint}</p>
${invalid ? html`<p class="error" id="q-error">${w.invalid}</p>` : EMPTY}
<input type="search" id="q" name="q" value="${q}" aria-describedby="q-hint${invalid ? ' q-error' : ''}"${invalid ? html` aria-invalid="true"` : EMPTY}>
<p><button class="button" type="submit">${w.submit}</button></p>
</form>`;
}

export function startPage(view: StaffView, counts: ReadonlyMap<QueueName, number>): string {
  const w = staffWords(view.language);
  const body = html`<h1>${w.queues.title}</h1>
<ul class="queues">
${QUEUES.map((queue) => html`<li><a href="${staffHref(view, staffPaths.queue(queue))}">${w.queues.names[queue]}</a>: ${w.queues.count(counts.get(queue) ?? 0)}</li>\n`)}
</ul>
<h2>${w.search.title}</h2>
${searchForm(view)}`;
  return staffPage(view, w.queues.title, body);
}

export type QueueRowView = {
  caseId: string;
  accountId: string;
  since: string;
  summary: {
    debtorName: string;
    balance: Money;
    reason?: string;
    phone?: string;
    preferredTime?: string;
    timeZone?: string;
  };
};

export function queuePage(
  view: StaffView,
  queue: QueueName,
  count: number,
  rows: readonly QueueRowView[],
): string {
  const w = staffWords(view.language).queues;
  const callbacks = queue === 'callbacks';
  const table = rows.length
    ? html`<table>
<caption>${w.names[queue]}</caption>
<thead><tr><th scope="col">${w.case}</th><th scope="col">${w.debtor}</th><th scope="col" class="amount">${w.balance}</th>${callbacks ? html`<th scope="col">${w.phone}</th><th scope="col">${w.preferredTime}</th>` : html`<th scope="col">${w.reason}</th>`}<th scope="col">${w.since}</th></tr></thead>
<tbody>
${rows.map(
  (row) =>
    html`<tr><td><a href="${staffHref(view, staffPaths.case(row.caseId))}">${row.caseId}</a></td><td>${row.summary.debtorName}</td><td class="amount">${money(row.summary.balance, view)}</td>${
      callbacks
        ? html`<td>${row.summary.phone ?? ''}</td><td>${row.summary.preferredTime ?? ''}${row.summary.timeZone ? ` (${row.summary.timeZone})` : ''}</td>`
        : html`<td>${row.summary.reason ?? ''}</td>`
    }<td>${when(row.since, view)}</td></tr>\n`,
)}
</tbody>
</table>`
    : html`<p>${w.empty}</p>`;
  const body = html`<h1>${w.names[queue]}</h1>
<p>${w.count(count)}</p>
${table}`;
  return staffPage(view, w.names[queue], body);
}

export type SearchResult = { matchedBy: string; record: CaseRecord };

export function searchPage(
  view: StaffView,
  q: string,
  results: readonly SearchResult[] | 'invalid' | undefined,
): string {
  const w = staffWords(view.language);
  const list =
    results === undefined || results === 'invalid'
      ? EMPTY
      : results.length === 0
        ? html`<p role="status">${w.search.none(q)}</p>`
        : html`<table>
<caption>${w.search.title}</caption>
<thead><tr><th scope="col">${w.queues.case}</th><th scope="col">${w.queues.debtor}</th><th scope="col" class="amount">${w.queues.balance}</th><th scope="col">${w.casePage.state}</th></tr></thead>
<tbody>
${results.map(
  ({ record }) =>
    html`<tr><td><a href="${staffHref(view, staffPaths.case(record.caseId))}">${record.caseId}</a></td><td>${record.debtor.name}</td><td class="amount">${money(record.balance, view)}</td><td>${w.casePage.states[record.status]}</td></tr>\n`,
)}
</tbody>
</table>`;
  const body = html`<h1>${w.search.title}</h1>
${searchForm(view, q, results === 'invalid')}
${list}`;
  return staffPage(view, w.search.title, body, { hasErrors: results === 'invalid' });
}

/** A form that came back: which one, its values and its errors by field. */
export type FormState = {
  action: StaffAction;
  values: Record<string, string>;
  errors: Record<string, string>;
};

export type CasePageInput = {
  /** The phone commitments' forms (staff/commitment-forms.ts), posted to a function of their own. */
  phoneForms?: SafeHtml;
  record: CaseRecord;
  timeline: readonly { type: string; at: string; data?: Record<string, unknown> }[];
  documents: readonly { documentId: string; displayName: string; href: string }[];
  executionUrl?: string;
  form?: FormState;
  done?: boolean;
};

const fieldError = (id: string, message: string | undefined) =>
  message ? html`<p class="error" id="${id}-error">${message}</p>` : EMPTY;
const invalid = (message: string | undefined, id: string) =>
  message ? html` aria-invalid="true" aria-describedby="${id}-error"` : EMPTY;

function radio(name: string, value: string, label: string, id: string, checked: boolean): SafeHtml {
  return html`<div class="choice"><input type="radio" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : EMPTY}><label for="${id}">${label}</label></div>`;
}

/** An entry's data in short, for staff: text, numbers, yes/no and amounts; who did it is shown apart. */
function detailsOf(data: Record<string, unknown>, view: StaffView): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'by' || key === 'role' || value === null || value === undefined) continue;
    if (typeof value === 'string' || typeof value === 'number') parts.push(`${key} ${value}`);
    else if (typeof value === 'boolean') parts.push(`${key} ${value ? '✓' : '✗'}`);
    else if (
      typeof value === 'object' &&
      typeof (value as Money).amount === 'number' &&
      typeof (value as Money).currency === 'string'
    ) {
      try {
        parts.push(`${key} ${money(value as Money, view)}`);
      } catch {
        // A malformed amount is left out, not shown wrong.
      }
    } else if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
      parts.push(`${key} ${value.join(', ')}`);
  }
  return parts.join(' · ');
}

function timelineText(view: StaffView, entry: CasePageInput['timeline'][number]): SafeHtml {
  const w = staffWords(view.language);
  const data = entry.data ?? {};
  const who = typeof data.by === 'string' ? ` (${data.by})` : '';
  const note = typeof data.note === 'string' && data.note ? `: ${data.note}` : '';
  switch (entry.type) {
    case 'InternalNote':
      return html`<span class="tag">${w.casePage.internal}</span>${w.actions.note.legend}${who}${note}`;
    case 'CallLogged': {
      const outcome =
        typeof data.outcome === 'string' && Object.hasOwn(w.actions.call.outcomes, data.outcome)
          ? w.actions.call.outcomes[data.outcome as (typeof CALL_OUTCOMES)[number]]
          : '';
      const reached = data.reached ? w.actions.call.reached : w.actions.call.notReached;
      return html`${w.actions.call.legend}${who}: ${reached}, ${outcome}${note}`;
    }
    default: {
      const known = Object.hasOwn(w.timelineTypes, entry.type) ? w.timelineTypes[entry.type] : undefined;
      const label = known ?? `${w.otherEntry} (${entry.type})`;
      const details = detailsOf(data, view);
      return html`${label}${who}${details ? `: ${details}` : ''}`;
    }
  }
}

/** Each form's id prefix (its fields' ids and the error summary's anchors). */
const FORM_IDS: Readonly<Record<StaffAction, string>> = {
  note: 'note',
  'log-call': 'call',
  'resolve-dispute': 'dispute',
  resume: 'resume',
  'write-off': 'write-off',
  refer: 'refer',
  recall: 'recall',
  'contact-details': 'details',
  pause: 'pause',
  'decline-referral': 'decline-referral',
  'message-handled': 'handled',
  'text-reply': 'reply',
};

/** A form of one optional note and a button: resume a case held for a person, write a balance off. */
function simpleForm(
  view: StaffView,
  caseId: string,
  action: 'resume' | 'write-off' | 'refer' | 'decline-referral' | 'recall',
  form: FormState | undefined,
): SafeHtml {
  const w = staffWords(view.language).actions[
    action === 'write-off' ? 'writeOff' : action === 'decline-referral' ? 'declineReferral' : action
  ];
  const mine = form?.action === action ? form : undefined;
  const id = `${FORM_IDS[action]}-note`;
  return html`<form method="post" action="${staffHref(view, staffPaths.caseAction(caseId, action))}">
${csrfField(view)}
<fieldset><legend>${w.legend}</legend>
<p class="hint">${w.hint}</p>
<label for="${id}">${w.note}</label>
${fieldError(id, mine?.errors.note)}
<textarea id="${id}" name="note" rows="2"${invalid(mine?.errors.note, id)}>${mine?.values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.submit}</button></p>
</fieldset>
</form>`;
}

const ZONE_HINT = 'Europe/London';

/** The debtor's email address, locale and time zone, as the case has them, to correct. */
function detailsForm(view: StaffView, record: CaseRecord, form: FormState | undefined): SafeHtml {
  const w = staffWords(view.language).actions.details;
  const mine = form?.action === 'contact-details' ? form : undefined;
  const value = (field: 'email' | 'locale' | 'timeZone') => mine?.values[field] ?? record.debtor[field];
  const field = (name: 'email' | 'locale' | 'timeZone', label: string, type: string, hint?: string) => {
    const id = `details-${name}`;
    const error = mine?.errors[name];
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    return html`<label for="${id}">${label}</label>
${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : EMPTY}
${fieldError(id, error)}
<input type="${type}" id="${id}" name="${name}" value="${value(name)}"${described ? html` aria-describedby="${described}"` : EMPTY}${error ? html` aria-invalid="true"` : EMPTY}>`;
  };
  return html`<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'contact-details'))}">
${csrfField(view)}
<fieldset><legend>${w.legend}</legend>
<p class="hint">${w.hint}</p>
${field('email', w.email, 'email')}
${field('locale', w.locale, 'text', w.localeHint)}
${field('timeZone', w.timeZone, 'text', w.timeZoneHint(ZONE_HINT))}
<p><button class="button" type="submit">${w.submit}</button></p>
</fieldset>
</form>`;
}

/** Pause collection until a date (a person's pause; a person resumes it). */
function pauseForm(view: StaffView, record: CaseRecord, form: FormState | undefined): SafeHtml {
  const w = staffWords(view.language).actions.pause;
  const mine = form?.action === 'pause' ? form : undefined;
  const error = mine?.errors.until;
  return html`<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'pause'))}">
${csrfField(view)}
<fieldset><legend>${w.legend}</legend>
<label for="pause-until">${w.until}</label>
<p class="hint" id="pause-until-hint">${w.hint}</p>
${fieldError('pause-until', error)}
<input type="date" id="pause-until" name="until" value="${mine?.values.until ?? ''}" aria-describedby="pause-until-hint${error ? ' pause-until-error' : ''}"${error ? html` aria-invalid="true"` : EMPTY}>
<label for="pause-note">${w.note}</label>
${fieldError('pause-note', mine?.errors.note)}
<textarea id="pause-note" name="note" rows="2"${invalid(mine?.errors.note, 'pause-note')}>${mine?.values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.submit}</button></p>
</fieldset>
</form>`;
}

function noteForm(view: StaffView, caseId: string, form: FormState | undefined): SafeHtml {
  const w = staffWords(view.language).actions.note;
  const mine = form?.action === 'note' ? form : undefined;
  return html`<form method="post" action="${staffHref(view, staffPaths.caseAction(caseId, 'note'))}">
${csrfField(view)}
<fieldset><legend>${w.legend}</legend>
<label for="note-note">${w.note}</label>
${fieldError('note-note', mine?.errors.note)}
<textarea id="note-note" name="note" rows="3"${invalid(mine?.errors.note, 'note-note')}>${mine?.values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.submit}</button></p>
</fieldset>
</form>`;
}

function callForm(view: StaffView, caseId: string, form: FormState | undefined): SafeHtml {
  const w = staffWords(view.language).actions.call;
  const mine = form?.action === 'log-call' ? form : undefined;
  return html`<form method="post" action="${staffHref(view, staffPaths.caseAction(caseId, 'log-call'))}">
${csrfField(view)}
<fieldset id="call-reached"${mine?.errors.reached ? html` aria-describedby="call-reached-error"` : EMPTY}><legend>${w.legend}</legend>
${fieldError('call-reached', mine?.errors.reached)}
${radio('reached', 'yes', w.reached, 'call-reached-yes', mine?.values.reached === 'yes')}
${radio('reached', 'no', w.notReached, 'call-reached-no', mine?.values.reached === 'no')}
<label for="call-outcome">${w.outcome}</label>
${fieldError('call-outcome', mine?.errors.outcome)}
<select id="call-outcome" name="outcome"${invalid(mine?.errors.outcome, 'call-outcome')}>
${CALL_OUTCOMES.map((outcome) => html`<option value="${outcome}"${mine?.values.outcome === outcome ? html` selected` : EMPTY}>${w.outcomes[outcome]}</option>\n`)}
</select>
<label for="call-note">${w.note}</label>
${fieldError('call-note', mine?.errors.note)}
<textarea id="call-note" name="note" rows="3"${invalid(mine?.errors.note, 'call-note')}>${mine?.values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.submit}</button></p>
</fieldset>
</form>`;
}

function disputeForm(view: StaffView, record: CaseRecord, form: FormState | undefined): SafeHtml {
  const w = staffWords(view.language).actions.dispute;
  const mine = form?.action === 'resolve-dispute' ? form : undefined;
  const digits = minorUnitDigits(record.balance.currency);
  return html`<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'resolve-dispute'))}">
${csrfField(view)}
<fieldset><legend>${w.legend}</legend>
<fieldset id="dispute-outcome"${mine?.errors.outcome ? html` aria-describedby="dispute-outcome-error"` : EMPTY}><legend>${w.outcome}</legend>
${fieldError('dispute-outcome', mine?.errors.outcome)}
${radio('outcome', 'upheld', w.upheld, 'dispute-outcome-upheld', mine?.values.outcome === 'upheld')}
${radio('outcome', 'upheld-in-part', w.upheldInPart, 'dispute-outcome-part', mine?.values.outcome === 'upheld-in-part')}
${radio('outcome', 'rejected', w.rejected, 'dispute-outcome-rejected', mine?.values.outcome === 'rejected')}
</fieldset>
<label for="dispute-credit">${w.creditAmount}</label>
<p class="hint" id="dispute-credit-hint">${w.creditHint(record.balance.currency)}</p>
${fieldError('dispute-credit', mine?.errors.creditAmount)}
<input type="text" id="dispute-credit" name="creditAmount" inputmode="decimal" value="${mine?.values.creditAmount ?? ''}" aria-describedby="dispute-credit-hint${mine?.errors.creditAmount ? ' dispute-credit-error' : ''}"${mine?.errors.creditAmount ? html` aria-invalid="true"` : EMPTY} data-digits="${digits}">
<label for="dispute-note">${w.note}</label>
<p class="hint" id="dispute-note-hint">${w.noteHint}</p>
${fieldError('dispute-note', mine?.errors.note)}
<textarea id="dispute-note" name="note" rows="3" aria-describedby="dispute-note-hint"${mine?.errors.note ? html` aria-invalid="true"` : EMPTY}>${mine?.values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.submit}</button></p>
</fieldset>
</form>`;
}

/**
 * Texts from the debtor (issue 16): those still waiting for a person, a form to mark them handled
 * (the case leaves the debtor-messages queue) and, where the debtor agreed to texts, a reply by text
 * through the send gate. Shown once the debtor has texted us.
 */
function messagesSection(view: StaffView, input: CasePageInput): SafeHtml {
  if (!input.timeline.some((entry) => entry.type === 'TextReceived')) return EMPTY;
  const w = staffWords(view.language).actions.messages;
  const { record } = input;
  const role = view.member?.role;
  const waiting = unhandledMessages(input.timeline);
  const handled = input.form?.action === 'message-handled' ? input.form : undefined;
  const reply = input.form?.action === 'text-reply' ? input.form : undefined;
  const list = waiting.length
    ? html`<ul class="messages">
${waiting.map(
  (
    entry,
  ) => html`<li><time datetime="${entry.at}">${when(entry.at, view, record.debtor.timeZone)}</time> <q>${typeof entry.data?.body === 'string' ? entry.data.body : ''}</q></li>
`,
)}
</ul>`
    : EMPTY;
  const handledForm =
    // Also when it came back refused (handled meanwhile): its problem stays beside its field.
    (waiting.length || handled) && role && may(role, 'message-handled')
      ? html`<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'message-handled'))}">
${csrfField(view)}
<fieldset><legend>${w.handled.legend}</legend>
<p class="hint">${w.handled.hint}</p>
<label for="handled-note">${w.handled.note}</label>
${fieldError('handled-note', handled?.errors.note)}
<textarea id="handled-note" name="note" rows="2"${invalid(handled?.errors.note, 'handled-note')}>${handled?.values.note ?? ''}</textarea>
<p><button class="button" type="submit">${w.handled.submit}</button></p>
</fieldset>
</form>`
      : EMPTY;
  const error = reply?.errors.message;
  const replyForm = !textAllowed(record)
    ? html`<p>${w.noConsent}</p>`
    : role && may(role, 'text-reply')
      ? html`<form method="post" action="${staffHref(view, staffPaths.caseAction(record.caseId, 'text-reply'))}">
${csrfField(view)}
<fieldset><legend>${w.reply.legend}</legend>
<label for="reply-message">${w.reply.message}</label>
<p class="hint" id="reply-message-hint">${w.reply.hint}</p>
${fieldError('reply-message', error)}
<textarea id="reply-message" name="message" rows="3" aria-describedby="reply-message-hint${error ? ' reply-message-error' : ''}"${error ? html` aria-invalid="true"` : EMPTY}>${reply?.values.message ?? ''}</textarea>
<p><button class="button" type="submit">${w.reply.submit}</button></p>
</fieldset>
</form>`
      : EMPTY;
  return html`<h2>${w.title}</h2>
${list}
${handledForm}
${replyForm}`;
}

export function casePage(view: StaffView, input: CasePageInput): string {
  const w = staffWords(view.language);
  const { record } = input;
  const locale = localeOf(view);
  const role = view.member?.role;
  const state = [
    w.casePage.states[record.status],
    ...(record.pause ? [w.casePage.paused(record.pause.reason, formatDate(record.pause.until, locale))] : []),
    ...(record.dispute?.status === 'open' ? [w.casePage.disputeOpen(record.dispute.reason)] : []),
    ...(record.callback ? [w.casePage.callback(record.callback.phone, record.callback.preferredTime)] : []),
  ];
  const errors = input.form
    ? Object.entries(input.form.errors).map(([field, message]) => ({
        anchor: `${FORM_IDS[input.form?.action ?? 'note']}-${field === 'creditAmount' ? 'credit' : field}`,
        message,
      }))
    : [];
  const timeline = [...input.timeline].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const actions =
    role && isActive(record.status)
      ? html`<h2>${w.actions.title}</h2>
${input.done ? html`<div class="done" role="status"><p>${w.actions.done}</p></div>` : EMPTY}
${errorSummary(view, errors)}
${record.status === 'open' && !record.pause && !record.legalPause && record.dispute?.status !== 'open' && may(role, 'pause') ? pauseForm(view, record, input.form) : EMPTY}
${(waitsForPerson(record) || (record.status === 'open' && record.pause?.reason === 'staff')) && may(role, 'resume') ? simpleForm(view, record.caseId, 'resume', input.form) : EMPTY}
${record.dispute?.status === 'open' && may(role, 'resolve-dispute') ? disputeForm(view, record, input.form) : EMPTY}
${may(role, 'log-call') ? callForm(view, record.caseId, input.form) : EMPTY}
${input.phoneForms ?? EMPTY}
${may(role, 'contact-details') ? detailsForm(view, record, input.form) : EMPTY}
${may(role, 'note') ? noteForm(view, record.caseId, input.form) : EMPTY}
${(record.status === 'open' || waitsForPerson(record)) && may(role, 'refer') ? simpleForm(view, record.caseId, 'refer', input.form) : EMPTY}
${awaitsReferralApproval(record) && may(role, 'decline-referral') ? simpleForm(view, record.caseId, 'decline-referral', input.form) : EMPTY}
${(record.status === 'open' || waitsForPerson(record)) && may(role, 'write-off') ? simpleForm(view, record.caseId, 'write-off', input.form) : EMPTY}
${isWithAgency(record) && may(role, 'recall') ? simpleForm(view, record.caseId, 'recall', input.form) : EMPTY}`
      : role && may(role, 'note')
        ? html`<h2>${w.actions.title}</h2>${input.done ? html`<div class="done" role="status"><p>${w.actions.done}</p></div>` : EMPTY}${errorSummary(view, errors)}${noteForm(view, record.caseId, input.form)}`
        : EMPTY;
  const body = html`<h1>${w.casePage.title(record.caseId)}</h1>
<p>${record.debtor.name} · ${record.debtor.email} · ${record.accountId}</p>
<h2>${w.casePage.balance}</h2>
<p class="balance">${money(record.balance, view)}</p>
<h2>${w.casePage.state}</h2>
${state.map((line) => html`<p class="status">${line}</p>\n`)}
${input.executionUrl ? html`<p><a href="${input.executionUrl}" rel="noreferrer">${w.casePage.execution}</a>${input.record.status === 'open' && !input.record.rung ? html` <span class="hint">${w.casePage.executionNotStarted}</span>` : EMPTY}</p>` : EMPTY}
${actions}
${messagesSection(view, input)}
<h2>${w.casePage.invoices}</h2>
<table>
<thead><tr><th scope="col">${w.casePage.invoice}</th><th scope="col">${w.casePage.due}</th><th scope="col" class="amount">${w.casePage.amount}</th></tr></thead>
<tbody>
${record.invoices.map((invoice) => html`<tr><td>${invoice.invoiceId}</td><td>${formatDate(invoice.dueDate, locale)}</td><td class="amount">${money(invoice.amountDue, view)}</td></tr>\n`)}
</tbody>
</table>
<h2>${w.casePage.documents}</h2>
${
  input.documents.length
    ? html`<ul>${input.documents.map((doc) => html`<li><a href="${doc.href}">${doc.displayName}</a></li>`)}</ul>`
    : html`<p>${w.casePage.noDocuments}</p>`
}
<h2>${w.casePage.timeline}</h2>
<ol class="timeline">
${timeline.map((entry) => html`<li><time datetime="${entry.at}">${when(entry.at, view, record.debtor.timeZone)}</time>${timelineText(view, entry)}</li>\n`)}
</ol>`;
  return staffPage(view, w.casePage.title(record.caseId), body, { hasErrors: errors.length > 0 });
}

export const forbiddenPage = (view: StaffView) => {
  const w = staffWords(view.language).forbidden;
  return staffPage(view, w.title, html`<h1>${w.title}</h1><p>${w.body}</p>`);
};

export const notFoundPage = (view: StaffView) => {
  const w = staffWords(view.language).notFound;
  return staffPage(view, w.title, html`<h1>${w.title}</h1><p>${w.body}</p>`);
};
