import { html } from '../views/html.ts';
import { plural } from './plural.ts';
import type {
  AccountWords,
  ActionWords,
  ArTeamWords,
  Block,
  Catalogue,
  DocumentWords,
  EmailsStopWords,
  EmailWords,
  Fmt,
  HistoryWords,
  LayoutWords,
  PlanWords,
  StatusWords,
  SurveyWords,
  TextHistoryWords,
  TextPageWords,
  TextWords,
} from './types.ts';

/**
 * English, every word a debtor reads (and, at the end, the AR team's notices). Emails: plain and
 * warm; firm only in firm, final, planBroken and disputeRejected; never a threat.
 */

const count = <T>(n: number, forms: { one: T; other: T }) => plural('en', n, forms);
const note = (f: Fmt, by: string): Block[] => (f.disputeNote ? [{ quote: f.disputeNote, by }] : []);
const credited = (f: Fmt) => (f.credited ? ` (${f.credited})` : '');
const instalments = (n: number) => `${n} ${count(n, { one: 'instalment', other: 'instalments' })}`;
const planOptions = (f: Fmt): Block[] =>
  f.planOptions.flatMap((schedule, index): Block[] => [
    {
      schedule,
      title:
        f.planOptions.length > 1
          ? `Option ${index + 1}: ${instalments(schedule.count)}`
          : instalments(schedule.count),
    },
    ...(schedule.url
      ? [
          {
            link: `Choose ${f.planOptions.length > 1 ? `option ${index + 1}` : 'this plan'}`,
            url: schedule.url,
          },
        ]
      : []),
  ]);

export const email: EmailWords = {
  greeting: (name) => `Hello ${name},`,
  kinds: {
    friendly: {
      subject: (f) => `A friendly reminder: ${f.balance} is now due`,
      body: (f) => [
        `We haven't yet received payment for ${f.invoiceList}, so ${f.balance} is now outstanding. It's easy to miss a bill, so this is just a reminder.`,
        'If you have already paid, thank you, and please ignore this message.',
      ],
      action: () => 'See your account and pay',
    },
    firm: {
      subject: (f) => `Your balance of ${f.balance} is still unpaid`,
      body: (f) => [
        `We wrote to you recently about ${f.invoiceList}. The balance of ${f.balance} is still unpaid, and we need you to act on it now.`,
        'Please pay it, or tell us what would help: we would much rather agree something that works for you than let this go further.',
      ],
      action: () => 'See your account and pay',
    },
    final: {
      subject: (f) => `Final notice: ${f.balance} before ${f.referralDate}`,
      body: (f) => [
        `Your balance of ${f.balance} for ${f.invoiceList} is still unpaid after our earlier reminders.`,
        `If we have not received payment or heard from you by ${f.referralDate}, we will refer your account to a collection agency. We don't want to do that, and you can stop it by paying or by replying to agree a way forward before that date.`,
      ],
      action: () => 'See your account and pay',
    },
    placed: {
      subject: () => 'Your account has been referred to a collection agency',
      body: (f) => [
        `We haven't been able to reach an agreement about the balance of ${f.balance} for ${f.invoiceList}, so we have referred your account to a collection agency, as our final notice said.`,
        'The agency will contact you. You can still reply to this email if you believe this is a mistake.',
      ],
    },
    agencySettled: {
      subject: () => 'Your account is settled',
      body: (f) => [
        `The collection agency that was handling your account has told us that ${f.invoiceList} is now paid in full, so your account with us is settled. There is nothing more you need to do.`,
        'We will not ask you for anything more about it. Thank you.',
      ],
    },
    thanks: {
      subject: () => 'Thank you: your account is paid',
      body: (f) => [
        `Thank you. We have received your payment and ${f.invoiceList} is now settled. There is nothing more you need to do.`,
        'It can take a day for a payment to show everywhere; if you receive anything from us in the meantime, please ignore it.',
        ...(f.surveyUrl ? [{ link: 'How did we do? Answer one quick question', url: f.surveyUrl }] : []),
      ],
    },
    partialPaymentThanks: {
      subject: (f) => `Thank you for your payment of ${f.partialPayment}`,
      body: (f) => [
        `Thank you: we have received your payment of ${f.partialPayment} towards ${f.invoiceList}. Your balance is now ${f.balance}.`,
        "Nothing else about your account changes. If you can pay the rest, you can do it on your account page; if you can't right now, tell us what would help.",
      ],
      action: () => 'See your account and pay the rest',
    },
    promiseAck: {
      subject: (f) => `Thank you: no reminders until ${f.promiseDate}`,
      body: (f) => [
        `Thank you for letting us know that you will pay ${f.balance} for ${f.invoiceList} by ${f.promiseDate}.`,
        "We won't send you any reminders until then. If your payment reaches us by that date, that's it: your account is settled and there is nothing more to do.",
        "If something changes before then, just tell us: it's never too late to agree another way.",
      ],
      action: () => 'See your account and pay',
    },
    planOffer: {
      subject: (f) => `You can spread the cost: payment plans for ${f.balance}`,
      body: (f) => [
        `Your balance of ${f.balance} for ${f.invoiceList} is still unpaid. If paying it all at once is hard, you can spread it out: here are the payment plans we can offer, each adding up to exactly ${f.balance}, with no extra charge.`,
        ...planOptions(f),
        "Each link opens your account page with that plan chosen: you accept it there, in one step. If none of them works for you, reply and tell us what you can manage, or ask to talk to a person: we'll do our best to find something that does.",
      ],
      action: (f) => (f.planOptions.length > 1 ? 'Choose a plan' : 'Accept this plan'),
    },
    planAgreed: {
      subject: (f) => `Your payment plan is set up: ${instalments(f.plan.count)}`,
      body: (f) => [
        `Thank you for agreeing a payment plan for ${f.invoiceList}. Here it is, so you have it to hand:`,
        { schedule: f.plan },
        f.plan.autopay
          ? 'Each instalment will be collected automatically on its due date, as you arranged with our billing team, so there is nothing more you need to do.'
          : "You can pay each instalment on your account page. We'll send you a reminder a few days before each one.",
        "As long as the plan is on track, we won't send you any other reminders about this balance.",
      ],
      action: () => 'See your plan',
    },
    instalmentReminder: {
      subject: (f) => `Your instalment of ${f.instalment.amount} is due on ${f.instalment.due}`,
      body: (f) => [
        `Just a reminder: instalment ${f.instalment.number}${f.instalment.of ? ` of ${f.instalment.of}` : ''} of your payment plan, ${f.instalment.amount}, is due on ${f.instalment.due}.`,
        f.instalment.autopay
          ? "It will be collected automatically on that date, so you don't need to do anything."
          : 'You can pay it on your account page whenever suits you before then.',
      ],
      action: (f) => (f.instalment.autopay ? 'See your plan' : 'See your plan and pay'),
    },
    instalmentMissed: {
      subject: (f) => `We haven't received your instalment of ${f.instalment.amount}`,
      body: (f) => [
        `We haven't received instalment ${f.instalment.number} of your payment plan (${f.instalment.amount}, due on ${f.instalment.due}). It may simply have slipped through, so this is just a gentle reminder.`,
        "If you can, please pay it on your account page in the next few days. If the plan isn't working for you any more, tell us: we would much rather change it than see it fail.",
      ],
      action: () => 'See your plan and pay',
    },
    planBroken: {
      subject: (f) => `Your payment plan has ended: ${f.balance} is now due`,
      body: (f) => [
        `We're sorry, but we have had to end your payment plan for ${f.invoiceList}, because its instalments have not been paid as agreed.`,
        `The remaining balance of ${f.balance} is now due in full.`,
        'What happens next: we will send you a final notice with the date by which you need to pay or agree a way forward before your account is referred to a collection agency. You can pay or talk to us at any time before then, and we would much rather find something that works for you.',
      ],
      action: () => 'See your account and pay',
    },
    hardshipAck: {
      subject: (f) => `We've paused collection until ${f.pauseUntil}`,
      body: (f) => [
        "Thank you for telling us what's happening. We're sorry things are hard at the moment; we want to help, not add to the pressure.",
        `We have paused collection on your account until ${f.pauseUntil}. You won't receive any reminders from us before then, and nothing is asked of you in this message.`,
        `Around ${f.pauseUntil}, we'll write to you with a plan sized to what you told us you can afford. If your situation changes before then, or you'd like to talk to a person, just reply to this email.`,
        "If it would help, free and confidential debt advice is available from independent, not-for-profit advice services. They can look at everything with you, not just this account, and they won't charge you.",
        `For your information only: the balance on your account is ${f.balance}.`,
      ],
    },
    hardshipPlanOffer: {
      subject: () => 'A plan sized to what you can afford',
      body: (f) => [
        `We hope things have eased a little since you wrote to us. As promised, here is a payment plan for your balance of ${f.balance}, sized to what you told us you can afford${f.affordable ? ` (${f.affordable} a month)` : ''}.`,
        ...planOptions(f),
        "To take it up, use the link below. If it is still too much, or things haven't improved, tell us and we'll look at it again together.",
      ],
      action: (f) => (f.planOptions.length > 1 ? 'Choose a plan' : 'Accept this plan'),
    },
    hardshipReview: {
      subject: () => 'We have stopped reminders: a person from our team will look at your account',
      body: (f) => [
        `We want to make sure we are treating you fairly. Things may be difficult for you at the moment, so we have stopped sending reminders about ${f.invoiceList}, and a member of our team will look at your account personally. Nothing is asked of you in this message, and nothing will be passed to anyone else while they do.`,
        'If money is tight, you can tell us on your account page: we can pause collection and offer a plan sized to what you can afford.',
        "If you'd rather talk to a person, just reply to this email, or ask for a call on your account page, and we'll call at a time that suits you.",
        "Free and confidential debt advice is available from independent, not-for-profit advice services. They can look at everything with you, not just this account, and they won't charge you.",
        `For your information only: the balance on your account is ${f.balance}.`,
      ],
      action: () => 'Tell us about your situation',
    },
    disputeAck: {
      subject: () => "We've stopped collection while we look into your query",
      body: (f) => [
        `Thank you for telling us you think something is wrong with ${f.invoiceList}. We have stopped collection straight away and passed your query to our accounts team, who will look into it carefully.`,
        "While they do, we won't send you any reminders. We'll write to you as soon as they have an answer.",
        `For your information only: the balance on your account is ${f.balance}, including the amount you have questioned.`,
        "If you'd like to add anything, send us documents or talk to a person, just reply to this email or use your account page.",
      ],
    },
    disputeUpheld: {
      subject: (f) =>
        f.settled
          ? 'You were right: there is nothing to pay'
          : 'You were right: we have credited the amount you questioned',
      body: (f) => [
        `Thank you for your patience while we looked into your query about ${f.invoiceList}. You were right, and we're sorry for the trouble.`,
        f.settled
          ? `We have credited the amount you questioned${credited(f)}, so there is nothing to pay and we have closed the case. You won't receive any more reminders about it.`
          : `We have credited the amount you questioned${credited(f)}. The remaining balance on your account is now ${f.balance}; you'll find every way to deal with it below.`,
        ...note(f, 'A note from our accounts team'),
      ],
    },
    disputeRejected: {
      subject: (f) => `The outcome of your query about ${f.invoiceList}`,
      body: (f) => [
        `Thank you for your patience while our accounts team looked into your query about ${f.invoiceList}. They have reviewed it carefully and concluded that the amount is correct, so we are not able to credit it.`,
        ...note(f, 'A note from our accounts team'),
        `We know this isn't the answer you hoped for. The balance of ${f.balance} is due again. If you have information we haven't seen, reply to this email and a person will look at it again.`,
        ...(f.referralDate
          ? [
              `If we have not received payment or heard from you by ${f.referralDate}, we will refer your account to a collection agency. You can avoid that in any of the ways below.`,
            ]
          : []),
      ],
      action: () => 'See your account and pay',
    },
    callbackAck: {
      subject: (f) => `We'll call you: no reminders until ${f.pauseUntil}`,
      body: (f) => [
        `Thank you for asking to talk to us. A member of our team will call you${f.callback.phone ? ` on ${f.callback.phone}` : ''}${f.callback.time ? ` at the time you asked for (${f.callback.time})` : ''}.`,
        `Until ${f.pauseUntil} we won't send you any reminders, so you can talk it through with us first.`,
        "If the time no longer suits you, just reply to this email with a better one. And if you'd rather sort things out before the call, every option is below.",
      ],
    },
    dueSoon: {
      subject: (f) => `A friendly note before the due date: ${f.invoiceList}`,
      body: (f) => [
        `This is just a friendly note, a few days ahead, about ${f.invoiceList}: you'll find the amount and the due date below. There is nothing you need to do today.`,
        'If it suits you, you can pay early, or choose a plan that spreads the payments out, on our website. And if something about it looks wrong, or the date is hard for you, just reply to this email: a person will read it.',
      ],
      action: () => 'Pay early or choose a plan',
    },
    credited: {
      subject: (f) =>
        f.settled
          ? `Nothing to pay: we have credited ${f.invoiceList}`
          : 'We have credited part of your balance',
      body: (f) => [
        f.settled
          ? `We have cancelled and credited ${f.invoiceList}${credited(f)}, so there is nothing to pay. We have closed the case and you won't receive any more reminders about it.`
          : `We have cancelled and credited part of what was on your account${credited(f)}. The remaining balance is now ${f.balance}; you'll find every way to deal with it below.`,
        'If you have any questions, just reply to this email.',
      ],
    },
  },
  brokenPromise: (date) =>
    `You told us you would pay by ${date}, but we haven't received the payment yet. If something has changed, please tell us: we can find another way forward together.`,
  settlement: {
    title: 'Settle in full for less',
    body: (amount, until, balance) =>
      `If you pay ${amount} by ${until}, instead of the full ${balance}, we will treat your account as settled in full.`,
  },
  options: {
    heading: 'What you can do',
    items: (inPlan) => [
      inPlan
        ? 'Pay: you can pay an instalment, or the whole balance, at any time on your account page.'
        : 'Pay: pay all or part of it on your account page.',
      inPlan
        ? "Plan no longer working? Tell us and we'll look for a payment plan that fits better."
        : 'Spread the cost: choose a payment plan on your account page.',
      "Going through a hard time? Tell us, and we'll pause and find something you can afford.",
      "Think something is wrong? Tell us, and we'll stop and look into it.",
      'Would you rather talk to a person? Ask for a call on your account page, or reply to this email.',
    ],
    after: 'Nothing you tell us will be held against you.',
  },
  invoiceList: (ids) =>
    count(ids.length, {
      one: `invoice ${ids[0]}`,
      other: `invoices ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`,
    }),
  invoiceHeadings: ['Invoice', 'Amount', 'Due date'],
  totals: { due: 'Balance now due', info: 'Balance on your account', remaining: 'Balance remaining' },
  schedule: {
    headings: ['Instalment', 'Due date', 'Amount'],
    total: 'Total',
    uneven: (items) =>
      count(items.length, {
        one: `Instalment ${items[0]?.number} is ${items[0]?.amount}, so that the plan adds up exactly to the total.`,
        other: `Instalments ${items.map((item) => `${item.number} (${item.amount})`).join(', ')} differ slightly, so that the plan adds up exactly to the total.`,
      }),
  },
  accountLink: 'See your account',
  business: {
    orderHeading: 'PO number',
    remittance: (details, ids) =>
      `To pay: ${details}. Please quote ${ids.length === 1 ? 'the invoice number' : 'the invoice numbers'} ${ids.join(', ')} as the reference, so your payment is matched at once.`,
    quote: (ids) =>
      `Please quote ${ids.length === 1 ? 'the invoice number' : 'the invoice numbers'} ${ids.join(', ')} with your payment, so it is matched at once.`,
  },
  footer: {
    who: (creditor) => `This message is from ${creditor}.`,
    contact: ({ email, phone, supportHours }) =>
      `To talk to a person, write to ${email} or call ${phone} (${supportHours}).`,
    optOut: { before: 'If you would rather not receive these emails, you can ', link: 'stop them here' },
    replyStop:
      'If you would rather not receive these emails, reply with "stop" and we will stop them and contact you only by post.',
  },
};

export const layout: LayoutWords = {
  skip: 'Skip to main content',
  nav: 'Your account',
  account: 'Your account',
  history: 'History',
  switchTo: 'Español',
  errorPrefix: 'Error: ',
  from: (creditor) => `This page is from ${creditor}.`,
  contact: ({ email, phone, supportHours }) =>
    `To talk to a person, write to ${email} or call ${phone} (${supportHours}).`,
  private: 'Its address is private to you: please do not share it.',
  problem: 'There is a problem',
};

export const account: AccountWords = {
  title: 'Your account',
  greeting: (name) => `Hello ${name}`,
  why: (creditor, invoices) =>
    count(invoices.length, {
      one: `${creditor} is writing to you about invoice ${invoices[0]}, which is overdue.`,
      other: `${creditor} is writing to you about invoices ${invoices.slice(0, -1).join(', ')} and ${invoices.at(-1)}, which are overdue.`,
    }),
  owed: 'Balance to pay',
  balance: 'Balance',
  invoices: 'Your invoices',
  invoice: 'Invoice',
  amount: 'Amount',
  due: 'Due date',
  document: 'Document',
  viewInvoice: (id) => `View invoice ${id}`,
  pay: 'Pay now',
  payNote: 'After you pay, it can take a day for the payment to show here.',
  noPayLink: (creditor) =>
    `To pay, reply to any email from ${creditor} and we will tell you how to pay; it can take a day for a payment to show here.`,
  options: 'What you can do',
  help: 'Need more time, a payment plan, or to talk to a person? Choose one of the options above, or reply to any of our emails.',
  historyTitle: 'History',
  historyIntro: (zone) =>
    `Every message we sent you and everything that happened on your account, newest first. Times are in your time zone (${zone}).`,
  historyEmpty: 'Nothing has happened on your account yet.',
  notFoundTitle: 'This link does not work',
  notFound:
    'The link may have expired, or it was copied incompletely. Open the most recent email we sent you and use its link, or reply to that email and we will send you a new one.',
  homeTitle: 'Your account',
  home: 'To see your account, open the link in the most recent email we sent you.',
  statement: {
    link: 'Statement of account',
    title: 'Statement of account',
    intro: (creditor) =>
      `Every invoice, payment and credit on this account with ${creditor}, with the balance after each.`,
    printHint: 'You can print this page, or download it as a PDF to keep.',
    pdf: 'Download the statement (PDF)',
    date: 'Date',
    description: 'Description',
    amount: 'Amount',
    balance: 'Balance',
    invoice: (id, due) => `Invoice ${id ?? ''}${due ? ` (due ${due})` : ''}`.replace('  ', ' '),
    payment: (reference) => `Payment received${reference ? ` (${reference})` : ''}`,
    credit: {
      'invoice-cancelled': (reference) => `Credit: invoice ${reference ?? ''} cancelled`,
      dispute: () => 'Credit: dispute upheld',
      settlement: () => 'Credit: early settlement discount',
      'written-off': () => 'Credit: balance written off',
    },
    invoiced: 'Total invoiced',
    paid: 'Total paid',
    credited: 'Total credited',
    owedNow: 'Balance owed now',
    empty: 'Nothing has been recorded on this account yet.',
    made: (date) => `Statement made on ${date}.`,
    fileName: 'statement',
  },
};

export const status: StatusWords = {
  paid: 'Paid in full — thank you.',
  credited: 'Nothing is owed on this account any more: we have credited it.',
  placed: 'We have referred this account to a collection agency, which will contact you.',
  agency: {
    heading: 'Who handles your account now',
    handledBy: (name) => `${name} now handles this account for us. You can reach them here:`,
    phone: 'Phone',
    email: 'Email',
    website: 'Website',
    stillHere:
      'You can still dispute the debt or stop our emails here, and any payment you make to us still counts: we tell the agency at once.',
  },
  heldForPerson: 'A member of our team is looking at your account and will be in touch.',
  optedOut: 'We have stopped emailing you; someone from our team will contact you another way.',
  legalPause: (until) =>
    until
      ? `Collection is paused until ${until}; we will not contact you before then.`
      : 'Collection is paused; we will not contact you while the pause lasts.',
  dispute: 'Your dispute is being reviewed; we will not ask for payment until it is resolved.',
  planOnTrack: (amount, date) => `Your plan is on track: next payment of ${amount} on ${date}.`,
  planBehind: (amount, date) =>
    `Your plan needs a payment: ${amount} was due on ${date}. Please pay it when you can, or tell us if the plan no longer works.`,
  promise: (promised, until) =>
    `You told us you will pay by ${promised}, so we have paused reminders until ${until}.`,
  hardship: (until) => `We have paused reminders until ${until} while you sort things out.`,
  callback: (until) => `We will call you soon; we have paused reminders until ${until}.`,
  planOffer: (until) => `We have offered you a payment plan; reminders are paused until ${until}.`,
  paused: (until) => `We have paused reminders until ${until}.`,
  open: 'We are waiting for your payment.',
  snooze: (remindOn) => `You asked us to remind you on ${remindOn}; we will not send reminders before then.`,
};

export const history: HistoryWords = {
  emailKinds: {
    friendly: 'Your first reminder',
    firm: 'A second, firmer reminder',
    final: 'Final notice',
    placed: 'Your account was referred to an agency',
    thanks: 'Thank you for paying',
    partialPaymentThanks: 'Thank you for your part payment',
    promiseAck: 'Your promise to pay, confirmed',
    planOffer: 'Payment plans we can offer',
    planAgreed: 'Your payment plan, confirmed',
    instalmentReminder: 'A plan payment is coming up',
    instalmentMissed: 'A plan payment was missed',
    planBroken: 'Your payment plan ended',
    hardshipAck: 'We paused collection',
    hardshipPlanOffer: 'A plan sized to what you can afford',
    hardshipReview: 'We stopped reminders so a person can look at your account',
    disputeAck: 'We received your dispute',
    disputeUpheld: 'The outcome of your dispute',
    disputeRejected: 'The outcome of your dispute',
    callbackAck: 'We will call you',
    credited: 'We credited your account',
    dueSoon: 'A note before your due date',
    agencySettled: 'Your account is settled',
  },
  emailSent: (kind, subject, delivery) =>
    `Email: ${kind}${subject ? ` (subject “${subject}”)` : ''}${
      delivery === 'delivered'
        ? ' — delivered to your mailbox'
        : delivery === 'undelivered'
          ? ' — it could not be delivered'
          : ''
    }`,
  withheld: (kind, why) => `We did not send an email (${kind.toLowerCase()}) because ${why}.`,
  withheldBecause: {
    optedOut: 'you asked us to stop emailing',
    legalPause: 'collection is paused on your account',
    undeliverable: 'emails to your address cannot be delivered',
    other: 'we were not allowed to contact you then',
  },
  deferred: (kind, until, why) =>
    `We held back an email (${kind.toLowerCase()})${
      why === 'hours'
        ? ' because it was outside the hours we may write to you'
        : why === 'cap'
          ? ' because we had already written to you as often as we may this week'
          : ''
    }${until ? `; it may go from ${until}` : ''}.`,
  documentAdded: (name) => `You sent us a document for your dispute${name ? ` (${name})` : ''}.`,
  caseOpened: (invoice, amount) =>
    `Invoice ${invoice}${amount ? ` (${amount})` : ''} was overdue, so we opened this account.`,
  invoiceAdded: (invoice, amount) => `Invoice ${invoice}${amount ? ` (${amount})` : ''} was added.`,
  promise: (date) => (date ? `You promised to pay by ${date}.` : 'You promised to pay by a date.'),
  dispute: 'You disputed this account; we stopped collecting while our team looks into it.',
  disputeUpheld: 'Your dispute was upheld.',
  disputeRejected: 'Your dispute was reviewed and not upheld.',
  disputeUpheldInPart: (credit) =>
    `Your dispute was upheld in part${credit ? `: we credited ${credit}` : ''}; the rest is still due.`,
  callLogged: (reached) =>
    reached ? 'We spoke to you on the phone.' : 'We tried to call you but could not reach you.',
  staffResumed: 'A member of our team reviewed your account, and our reminders started again.',
  writtenOff: 'We closed your account: you owe nothing more on it.',
  callback: (phone) => `You asked us to call you${phone ? ` on ${phone}` : ''}.`,
  emailsStopped: 'You asked us to stop emailing you.',
  emailBounced:
    'An email to you could not be delivered to your address, so we will not email it again; a member of our team will contact you another way.',
  emailDelayed:
    'An email to you is delayed; your email provider has not accepted it yet, and we keep trying.',
  emailComplaint: 'You marked one of our emails as unwanted, so we stopped emailing you.',
  planAgreed: (count, total) =>
    `You agreed a payment plan${count ? ` of ${count} payments` : ''}${total ? ` (${total} in total)` : ''}.`,
  planOffered: 'We offered you a payment plan.',
  hardshipCheck: (signs) =>
    signs === undefined
      ? 'Before writing to you again, we checked for any sign that you might be struggling, and found none.'
      : `We checked for any sign that you might be struggling and found some (${signs.join('; ')}), so we stopped our reminders and asked a member of our team to look at your account with you. Nothing will be passed to a collection agency while they do.`,
  hardshipSigns: {
    'hardship-declared': 'you told us about money difficulties',
    vulnerable: 'you may need extra support from us',
    'plan-broken-after-hardship': 'a payment plan after money difficulties did not work out',
    'partial-payments': 'you have been paying what you can',
    'never-reached': 'our messages may not have reached you',
  },
  planBroken: 'Your payment plan ended because payments were missed.',
  hardship: 'You told us you are struggling; we paused collection.',
  pauseEnded: 'The pause on reminders ended.',
  payment: (amount) => `Payment received: ${amount}.`,
  paid: 'Your account was paid in full and closed.',
  credited: 'Your account was credited and closed.',
  placed: 'Your account was referred to a collection agency.',
  placedWith: (agency, { phone, email, website }) => {
    const ways = [
      phone ? `by phone on ${phone}` : '',
      email ? `by email at ${email}` : '',
      website ? `at ${website}` : '',
    ].filter(Boolean);
    return `Your account was referred to a collection agency, ${agency}, which now handles it for us.${
      ways.length ? ` You can reach them ${ways.join(', ')}.` : ''
    }`;
  },
  agencyRecalled:
    'We took your account back from the collection agency: they will not contact you about it any more.',
  agencyCollected: (amount, balance) =>
    `The collection agency told us you paid them${amount ? ` ${amount}` : ''}${
      balance ? `; your balance is now ${balance}` : ''
    }.`,
  agencySettled: 'The collection agency told us your account is paid in full: it is settled.',
  agencyDisputed:
    'You disputed this account with the collection agency, so we took it back and stopped collecting while our team looks into it.',
  agencyReturned: (writtenOff) =>
    writtenOff
      ? 'The collection agency gave your account back to us.'
      : 'The collection agency gave your account back to us; a member of our team will be in touch.',
  person: 'Your account was passed to a member of our team.',
  invoiceCancelled: (invoice) => `Invoice ${invoice} was cancelled and credited.`,
  collectionPaused: 'Collection was paused.',
  collectionResumed: 'Collection started again after the pause.',
  survey: (score) => `You answered our survey${score ? ` (${score} out of 5)` : ''}. Thank you.`,
  generic: 'Your account was updated.',
  snoozed: (remindOn) =>
    remindOn
      ? `You asked us to remind you on ${remindOn}; reminders paused until then.`
      : 'You asked us to remind you later.',
  fewerReminders: 'You asked for fewer reminders: we now wait longer for your reply before writing again.',
  languageChosen: (language) =>
    `You asked us to write to you in ${language === 'es' ? 'Spanish' : 'English'} from now on.`,
};

export const actions: ActionWords = {
  back: 'Back to your account',
  send: {
    promise: 'Promise this date',
    plan: 'Agree to this plan',
    hardship: 'Send',
    dispute: 'Send my dispute',
    callback: 'Ask for a call',
    'stop-emails': 'Stop the emails',
    snooze: 'Remind me on this date',
    'fewer-reminders': 'Send me fewer reminders',
  },
  title: {
    promise: 'Promise a date to pay',
    plan: 'Set up a payment plan',
    hardship: 'Tell us you’re struggling',
    dispute: 'Dispute this',
    callback: 'Talk to a person',
    'stop-emails': 'Email preferences',
    snooze: 'Remind me later',
    'fewer-reminders': 'Fewer reminders',
  },
  intro: {
    promise: 'Tell us when you will pay and we will pause reminders until then.',
    plan: '',
    hardship: '',
    dispute:
      'If something about this bill is wrong, tell us. We stop collecting at once while our team looks into it.',
    callback:
      'Leave your number and someone from our team will call you. We pause reminders for a few days so you can talk it through with us first.',
    'stop-emails':
      'You can stop these emails. We will not email you again about this account; someone from our team will contact you another way.',
    snooze:
      'Not a good time? Choose the day you would like to hear from us again, for example your payday. We will not send reminders before then, and nothing gets firmer because you asked.',
    'fewer-reminders':
      'We can write less often: we will wait longer for your reply before each reminder. Nothing comes sooner because you asked.',
  },
  fields: {
    date: 'Date you will pay',
    dateHint: (latest) => `Any date from today up to ${latest}.`,
    reason: 'What is wrong?',
    note: 'Anything else we should know (optional)',
    confirm: 'Yes, stop emailing me about this account',
    phone: 'Phone number',
    phoneHint: 'The number we should call, for example +44 20 7946 0958.',
    time: 'When should we call?',
    callbackNote: 'Anything we should know before we call (optional)',
    remindOn: 'Remind me on',
    remindOnHint: (latest) => `Any date from tomorrow up to ${latest}. You can ask this once.`,
    fewerConfirm: 'Yes, send me fewer reminders',
  },
  reasons: {
    'wrong-amount': 'The amount is wrong',
    'not-received': 'I did not receive what I was billed for',
    'already-paid': 'I have already paid',
    'not-mine': 'This is not my account',
    other: 'Something else',
  },
  times: {
    morning: 'In the morning',
    afternoon: 'In the afternoon',
    evening: 'In the evening',
  },
  errors: {
    'date-format': 'Enter the date as year, month and day, for example 2026-12-14.',
    'in-the-past': 'Choose today or a later date.',
    'too-far': 'Choose an earlier date: we can pause reminders for a limited time only.',
    'reason-required': 'Choose what is wrong.',
    'note-too-long': 'Keep the note under 2,000 characters.',
    'confirm-required': 'Tick the box to confirm.',
    'plan-required': 'Choose a plan.',
    'plan-unknown': 'That plan is no longer on offer: choose one of these.',
    'amount-required': 'Enter an amount, even 0.',
    'amount-format': 'Enter the amount in numbers, for example 50 or 50.00.',
    'phone-required': 'Enter the phone number we should call.',
    'phone-format':
      'Enter a phone number of 6 to 20 digits; spaces, +, - and brackets are fine, for example +44 20 7946 0958.',
    'time-required': 'Choose when we should call.',
    'not-after-today': 'Choose tomorrow or a later date.',
    'too-far-snooze': 'Choose an earlier date: we can wait a limited time only.',
  },
  unavailable: {
    'case-closed': 'There is nothing to do here: this account is no longer being collected.',
    'already-stopped': 'You have already stopped these emails.',
    'dispute-open': 'Your dispute is with our team; collection stays stopped until they have looked into it.',
    'legal-pause': 'Collection is paused on this account, so there is nothing you need to do now.',
    'plan-active':
      'You already have a payment plan for this account; the dates are in the email we sent you.',
    'hardship-declared':
      'We have paused collection while you sort things out; we will write to you with a plan.',
    'callback-requested':
      'We have your request: someone from our team will call you, and reminders stay paused until then.',
    'snooze-used': 'You have already asked us to remind you later on this account.',
    'already-paused': 'Reminders are already paused on this account, so there is nothing to put off now.',
    'already-gentle': 'You already get fewer reminders on this account.',
  },
  done: {
    promise: (date, until) =>
      `Thank you. We have paused reminders: please pay by ${date}; if we have not received it by ${until}, reminders will start again.`,
    plan: 'Thank you. Your plan is agreed: we have emailed you the dates and amounts, and we will remind you a few days before each payment.',
    hardship: (until) =>
      `Thank you for telling us. We have paused collection until ${until}; then we will offer you a plan that fits what you can pay.`,
    dispute:
      'Thank you. We have stopped collecting while our team looks into your dispute, and we will write to you with the outcome.',
    callback: (phone, time, until) =>
      `Thank you. Someone from our team will call you on ${phone} ${time.toLowerCase()}${until ? `, and we will not send you reminders until ${until}` : ''}.`,
    'stop-emails':
      'Done. We will not email you again about this account; someone from our team will be in touch another way.',
    snooze: (remindOn) => `Thank you. We will not send you reminders before ${remindOn}.`,
    'fewer-reminders': (until) =>
      `Thank you. We will write less often${until ? `; our next reminder will not come before ${until}` : ''}.`,
  },
  doneMovedOn:
    'Thank you. We have recorded it. Things have moved on since: your account page shows where they stand now.',
  doneTitle: 'Thank you',
  inHistory: (link) => html`It now appears in your ${link}.`,
  historyLink: 'History',
  keepLanguage: {
    text: 'Would you like us to write to you in English from now on, in our emails too?',
    button: 'Yes, write to me in English',
  },
};

export const plans: PlanWords = {
  planTitle: 'Set up a payment plan',
  planIntro:
    'Choose how you would like to spread the balance. Every plan adds up exactly to what you owe; nothing is added.',
  planLegend: 'Plans you can choose',
  option: (count, amount, first) => `${count} payments of about ${amount}, the first on ${first}`,
  date: 'Date',
  amount: 'Amount',
  total: 'Total',
  remainder: (n) =>
    `The last ${count(n, { one: 'payment is', other: `${n} payments are` })} one penny/cent more, so the total is exact.`,
  sized: 'Sized to what you told us you can afford.',
  noPlans:
    'We cannot offer a plan for this balance online. Reply to any of our emails and a person will help.',
  accept: 'Agree to this plan',
  hardshipTitle: 'Tell us you’re struggling',
  hardshipIntro:
    'If money is tight right now, tell us. We will pause collection while you sort things out, and then offer a plan that fits what you can pay.',
  reasonLegend: 'What has happened?',
  reasons: {
    'job-loss': 'I lost my job or income',
    illness: 'Illness',
    bereavement: 'Bereavement',
    other: 'Something else',
  },
  affordable: (currency) => `How much could you pay each month? (${currency})`,
  affordableHint: 'An honest amount, even if it is small. You can write 0.',
  note: 'Anything else you would like us to know (optional)',
  send: 'Send',
  errors: {
    'plan-required': 'Choose a plan.',
    'plan-unknown': 'That plan is no longer on offer: choose one of these.',
    'reason-required': 'Choose what has happened.',
    'amount-required': 'Enter an amount, even 0.',
    'amount-format': 'Enter the amount in numbers, for example 50 or 50.00.',
    'note-too-long': 'Keep the note under 2,000 characters.',
  },
};

export const survey: SurveyWords = {
  title: 'Thank you',
  balance: 'Balance',
  question: 'How did we do?',
  scale: '1 is very poor and 5 is very good.',
  scores: { '1': '1 – Very poor', '2': '2 – Poor', '3': '3 – OK', '4': '4 – Good', '5': '5 – Very good' },
  comment: 'Anything you would like to tell us? (optional)',
  commentHint: (max) => `Up to ${max.toLocaleString('en')} characters.`,
  send: 'Send my answer',
  answered: 'You have already answered our question. Thank you for telling us how we did.',
  notClosed: 'We will ask how we did once your account is settled.',
  done: 'Thank you for your answer: it helps us treat people better. It now appears in your History.',
  errors: {
    'score-required': 'Choose a number from 1 to 5.',
    'comment-too-long': (max) => `Keep the comment under ${max.toLocaleString('en')} characters.`,
  },
};

export const documents: DocumentWords = {
  title: 'Documents for your dispute',
  link: (count, max) =>
    count ? `Your dispute documents (${count} of ${max})` : 'Add a document to your dispute',
  intro:
    'You can send us documents that help our team look into your dispute, such as a receipt, a bank statement or a photo of a letter.',
  limits: (max) =>
    `Add a document (PDF or photo, up to 10 MB, up to ${max}). Send one file at a time, with the form for its type.`,
  yours: 'Documents you have sent',
  none: 'You have not sent any documents yet.',
  download: 'Download',
  added: 'Thank you: we have added your document to your dispute.',
  forms: {
    pdf: { label: 'A PDF document', hint: 'A file ending in .pdf, up to 10 MB.', send: 'Send this PDF' },
    jpeg: {
      label: 'A photo (JPEG)',
      hint: 'A photo from your phone or camera, ending in .jpg or .jpeg, up to 10 MB.',
      send: 'Send this photo',
    },
    png: {
      label: 'A screenshot or image (PNG)',
      hint: 'An image ending in .png, up to 10 MB.',
      send: 'Send this image',
    },
  },
  kinds: { pdf: 'PDF', jpeg: 'Photo (JPEG)', png: 'Image (PNG)' },
  unavailable: {
    'case-closed': 'This account is no longer being collected, so no more documents are needed.',
    'no-open-dispute': 'You can add documents while a dispute is open. To start one, use “Dispute this”.',
    'limit-reached': (max) =>
      `You have sent ${max} documents, the most we can take. If you need to send more, reply to our email.`,
  },
  problemTitle: 'We could not add that file',
  problems: {
    empty: 'The file was empty. Choose the file again and send it.',
    'too-large':
      'The file is larger than 10 MB. Send a smaller file, for example a photo taken at a lower size.',
    'wrong-type': 'We can take PDF documents and JPEG or PNG images only.',
    'content-mismatch':
      'The file is not the type of the form you used. Send a PDF with the PDF form, a .jpg photo with the photo form and a .png image with the image form.',
    'case-closed': 'This account is no longer being collected, so the file was not added.',
    'no-open-dispute': 'Your dispute is no longer open, so the file was not added.',
    'limit-reached': (max) =>
      `You have already sent ${max} documents, the most we can take, so this one was not added.`,
    'not-found':
      'We could not find the file you sent. The form may have expired: open the documents page again and send it once more.',
    'not-this-case':
      'That file does not belong to this account. Open the documents page again and send it there.',
  },
  tryAgain: 'Back to your documents',
  back: 'Back to your account',
};

export const en: Catalogue = { email, layout, account, status, history, actions, plans, survey, documents };

/** The AR team's notices (SNS, plain text): in English only, the team's language. */
export const arTeam: ArTeamWords = {
  facts: {
    case: 'Case',
    account: 'Account',
    debtor: 'Debtor',
    language: 'Language',
    timeZone: 'Time zone',
    balance: 'Balance',
    invoices: 'Invoices',
    rung: 'Reminder rung',
  },
  invoice: (id, amount, due) => `${id} (${amount}, due ${due})`,
  dispute: {
    subject: (caseId) => `Dispute opened: ${caseId}`,
    opening: (caseId) =>
      `The debtor disputes case ${caseId}. Collection has stopped until the dispute is resolved.`,
    facts: { dispute: 'Dispute', reason: 'Reason', openedAt: 'Opened at' },
    note: (note) => `The debtor's note:\n${note}`,
    answer: (accountId, reviewBy) =>
      `Answer with a Dispute Resolved event for account ${accountId} (outcome upheld or rejected). ` +
      `If none comes by ${reviewBy}, the case is handed to a person.`,
  },
  callback: {
    subject: (caseId) => `Callback requested: ${caseId}`,
    opening: (caseId) => `The debtor on case ${caseId} asks to talk to a person. Please call them back.`,
    facts: {
      phone: 'Phone',
      preferredTime: 'Preferred time',
      pausedUntil: 'Reminders paused until',
      requestedAt: 'Requested at',
    },
    preferredTime: (time) => `${time} (the debtor's time zone)`,
    note: (note) => `The debtor's note:\n${note}`,
  },
  document: {
    subject: (caseId) => `Dispute document added: ${caseId}`,
    opening: (caseId, count) =>
      `The debtor added a document to their dispute on case ${caseId} (document ${count} of at most 5).`,
    facts: { bucket: 'Bucket', key: 'Key', type: 'Type', size: 'Size', addedAt: 'Added at' },
    size: (bytes) => `${bytes} bytes`,
    checked:
      'The file was checked: its type and size are within the limits and its content matches its type.',
  },
};

/** Text messages (issue 16). */
export const text: TextWords = {
  collection: (creditor, balance, url) =>
    `${creditor}: your account has ${balance} overdue. Pay, plan or ask for time here: ${url}`,
  acknowledgement: (creditor, url) => `${creditor}: we have your request. The details are here: ${url}`,
  outcome: (creditor, url) => `${creditor}: there is news about your account: ${url}`,
  welcome: (creditor) =>
    `${creditor}: you agreed to get texts about your account. Reply HELP for help. Msg&data rates may apply.`,
  stopped: (creditor) =>
    `${creditor}: you will get no more texts from us. We may still write to you by email.`,
  help: (creditor, url) =>
    `${creditor} about your account. To reach a person, reply with your question or ask for a call: ${url}`,
  fromPerson: (creditor, message) => `${creditor}: ${message}`,
  optOut: 'Reply STOP to opt out.',
};

export const textHistory: TextHistoryWords = {
  sent: (kind, segments) =>
    `We sent you a text${kind ? ` (${kind})` : ''}${segments ? `, ${segments === 1 ? '1 part' : `${segments} parts`}` : ''}.`,
  answer: 'We answered your text.',
  received: 'You sent us a text. A person will answer it.',
  stopped: 'You asked us to stop texting you. We will not text you again.',
  consentGiven: 'You agreed to get texts from us.',
  consentWithdrawn: 'You withdrew your agreement to texts.',
};

export const textPage: TextPageWords = {
  title: 'Texts',
  link: 'Texts: choose how we contact you',
  intro:
    'We can text you about this account, as well as or instead of email. We only text with your agreement.',
  phone: 'Mobile number',
  phoneHint: 'With the country code, for example +44 7700 900123.',
  consent: 'I agree to get texts about this account. I can reply STOP at any time to stop them.',
  channel: 'How would you like to hear from us?',
  channels: { email: 'By email', sms: 'By text', both: 'By email and text' },
  save: 'Save my choice',
  saved: 'Your choice is saved.',
  welcomeSent: 'We have sent you a text to confirm.',
  now: {
    on: (phone) => `We may text you at ${phone}.`,
    off: 'We do not text you.',
    stopped: 'You asked us to stop texting you.',
  },
  errors: {
    'phone-format': 'Enter a mobile number with its country code, such as +44 7700 900123',
    'phone-required': 'Enter the mobile number we should text',
    'consent-required': 'Tick the box to agree to texts, or choose email',
    'consent-format': 'Tick the box to agree to texts',
    'channel-required': 'Choose how you would like to hear from us',
  },
};

export const emailsStopPage: EmailsStopWords = {
  title: 'Stop our emails',
  intro: (creditor) =>
    `${creditor} will send you no more emails: no notes before an invoice is due, and no emails about any account you have with us.`,
  texts: 'Texts you agreed to are not changed by this. To reach a person, use the contact details below.',
  submit: 'Stop the emails',
  done: (creditor) => `Done: ${creditor} will not email you again.`,
  invalidTitle: 'This link does not work',
  invalid:
    'The link may have expired or been copied only in part. Reply to our email and we will stop them for you.',
};
