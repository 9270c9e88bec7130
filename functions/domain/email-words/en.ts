import type { Block, Fmt, Words } from '../emails.ts';

/** English: plain and warm; firm only in firm, final, planBroken and disputeRejected; never a threat. */

const note = (f: Fmt, by: string): Block[] => (f.disputeNote ? [{ quote: f.disputeNote, by }] : []);
const credited = (f: Fmt) => (f.credited ? ` (${f.credited})` : '');
const plural = (count: number) => `${count} instalment${count === 1 ? '' : 's'}`;
const planOptions = (f: Fmt): Block[] =>
  f.planOptions.map((schedule, index) => ({
    schedule,
    title:
      f.planOptions.length > 1 ? `Option ${index + 1}: ${plural(schedule.count)}` : plural(schedule.count),
  }));

export const en: Words = {
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
      subject: (f) => `Payment plans for your balance of ${f.balance}`,
      body: (f) => [
        `You asked about spreading the cost of ${f.invoiceList}. Here are the payment plans we can offer for your balance of ${f.balance}; each one adds up to exactly that amount.`,
        ...planOptions(f),
        "To choose one, use the link below. If none of them works for you, reply and tell us what you can manage: we'll do our best to find something that does.",
      ],
      action: (f) => (f.planOptions.length > 1 ? 'Choose a plan' : 'Accept this plan'),
    },
    planAgreed: {
      subject: (f) => `Your payment plan is set up: ${plural(f.plan.count)}`,
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
    ids.length === 1 ? `invoice ${ids[0]}` : `invoices ${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`,
  invoiceHeadings: ['Invoice', 'Amount', 'Due date'],
  totals: { due: 'Balance now due', info: 'Balance on your account', remaining: 'Balance remaining' },
  schedule: {
    headings: ['Instalment', 'Due date', 'Amount'],
    total: 'Total',
    uneven: (items) =>
      items.length === 1
        ? `Instalment ${items[0]?.number} is ${items[0]?.amount}, so that the plan adds up exactly to the total.`
        : `Instalments ${items.map((item) => `${item.number} (${item.amount})`).join(', ')} differ slightly, so that the plan adds up exactly to the total.`,
  },
  accountLink: 'See your account',
  footer: {
    who: (creditor) => `This message is from ${creditor}.`,
    optOut: { before: 'If you would rather not receive these emails, you can ', link: 'stop them here' },
    replyStop:
      'If you would rather not receive these emails, reply with "stop" and we will stop them and contact you only by post.',
  },
};
