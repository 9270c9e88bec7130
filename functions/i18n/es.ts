import { html } from '../views/html.ts';
import { plural } from './plural.ts';
import type {
  AccountWords,
  ActionWords,
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
 * Spanish, every word a debtor reads, written for the reader (usted), not translated word for word:
 * claro, cordial, firme solo paso a paso y nunca amenazante.
 */

const count = <T>(n: number, forms: { one: T; other: T }) => plural('es', n, forms);
const note = (f: Fmt, by: string): Block[] => (f.disputeNote ? [{ quote: f.disputeNote, by }] : []);
const credited = (f: Fmt) => (f.credited ? ` (${f.credited})` : '');
const instalments = (n: number) => `${n} ${count(n, { one: 'plazo', other: 'plazos' })}`;
const planOptions = (f: Fmt): Block[] =>
  f.planOptions.flatMap((schedule, index): Block[] => [
    {
      schedule,
      title:
        f.planOptions.length > 1
          ? `Opción ${index + 1}: ${instalments(schedule.count)}`
          : instalments(schedule.count),
    },
    ...(schedule.url
      ? [
          {
            link: `Elegir ${f.planOptions.length > 1 ? `la opción ${index + 1}` : 'este plan'}`,
            url: schedule.url,
          },
        ]
      : []),
  ]);

export const email: EmailWords = {
  greeting: (name) => `Hola, ${name}:`,
  kinds: {
    friendly: {
      subject: (f) => `Un recordatorio amable: tiene pendiente ${f.balance}`,
      body: (f) => [
        `Aún no hemos recibido el pago de ${f.invoiceList}, por lo que tiene pendiente ${f.balance}. Es fácil que se pase una factura, así que esto es solo un recordatorio.`,
        'Si ya ha pagado, muchas gracias; puede ignorar este mensaje.',
      ],
      action: () => 'Ver su cuenta y pagar',
    },
    firm: {
      subject: (f) => `Su saldo de ${f.balance} sigue sin pagar`,
      body: (f) => [
        `Le escribimos hace poco sobre ${f.invoiceList}. El saldo de ${f.balance} sigue sin pagar y necesitamos que lo resuelva ahora.`,
        'Por favor, páguelo o díganos qué le ayudaría: preferimos acordar algo que le funcione antes que dejar que esto siga adelante.',
      ],
      action: () => 'Ver su cuenta y pagar',
    },
    final: {
      subject: (f) => `Último aviso: ${f.balance} antes del ${f.referralDate}`,
      body: (f) => [
        `Su saldo de ${f.balance} por ${f.invoiceList} sigue sin pagar después de nuestros recordatorios.`,
        `Si el ${f.referralDate} no hemos recibido el pago ni tenemos noticias suyas, remitiremos su cuenta a una agencia de cobros. No queremos hacerlo, y puede evitarlo pagando o respondiendo para acordar una solución antes de esa fecha.`,
      ],
      action: () => 'Ver su cuenta y pagar',
    },
    placed: {
      subject: () => 'Su cuenta se ha remitido a una agencia de cobros',
      body: (f) => [
        `No hemos podido llegar a un acuerdo sobre el saldo de ${f.balance} por ${f.invoiceList}, así que hemos remitido su cuenta a una agencia de cobros, como indicaba nuestro último aviso.`,
        'La agencia se pondrá en contacto con usted. Si cree que se trata de un error, puede responder a este correo.',
      ],
    },
    agencySettled: {
      subject: () => 'Su cuenta está saldada',
      body: (f) => [
        `La agencia de cobros que gestionaba su cuenta nos ha comunicado que ${f.invoiceList} está pagada en su totalidad, así que su cuenta con nosotros queda saldada. No tiene que hacer nada más.`,
        'No le pediremos nada más por este asunto. Gracias.',
      ],
    },
    thanks: {
      subject: () => 'Gracias: su cuenta está pagada',
      body: (f) => [
        `Gracias. Hemos recibido su pago y ${f.invoiceList} queda saldada. No tiene que hacer nada más.`,
        'Un pago puede tardar un día en reflejarse en todas partes; si mientras tanto recibe algo nuestro, ignórelo.',
        ...(f.surveyUrl
          ? [{ link: '¿Qué tal lo hemos hecho? Responda a una sola pregunta', url: f.surveyUrl }]
          : []),
      ],
    },
    partialPaymentThanks: {
      subject: (f) => `Gracias por su pago de ${f.partialPayment}`,
      body: (f) => [
        `Gracias: hemos recibido su pago de ${f.partialPayment} para ${f.invoiceList}. Su saldo pendiente es ahora de ${f.balance}.`,
        'Por lo demás, su cuenta sigue igual. Si puede pagar el resto, puede hacerlo en la página de su cuenta; si ahora mismo no le es posible, díganos qué le ayudaría.',
      ],
      action: () => 'Ver su cuenta y pagar el resto',
    },
    promiseAck: {
      subject: (f) => `Gracias: no le enviaremos recordatorios hasta el ${f.promiseDate}`,
      body: (f) => [
        `Gracias por avisarnos de que pagará ${f.balance} de ${f.invoiceList} a más tardar el ${f.promiseDate}.`,
        'Hasta entonces no le enviaremos ningún recordatorio. Si su pago nos llega a más tardar en esa fecha, no tendrá que hacer nada más: su cuenta quedará saldada.',
        'Si antes de esa fecha cambia algo, díganoslo: siempre estamos a tiempo de acordar otra solución.',
      ],
      action: () => 'Ver su cuenta y pagar',
    },
    planOffer: {
      subject: (f) => `Puede repartir el pago: planes de pago para ${f.balance}`,
      body: (f) => [
        `Su saldo de ${f.balance} por ${f.invoiceList} sigue pendiente. Si le resulta difícil pagarlo de una vez, puede repartirlo: estos son los planes de pago que podemos ofrecerle; cada uno suma exactamente ${f.balance}, sin ningún recargo.`,
        ...planOptions(f),
        'Cada enlace abre la página de su cuenta con ese plan elegido: allí lo acepta en un solo paso. Si ninguno le encaja, responda a este correo y cuéntenos cuánto puede asumir, o pida hablar con una persona: haremos lo posible por encontrar una opción que le funcione.',
      ],
      action: (f) => (f.planOptions.length > 1 ? 'Elegir un plan' : 'Aceptar este plan'),
    },
    planAgreed: {
      subject: (f) => `Su plan de pagos está en marcha: ${instalments(f.plan.count)}`,
      body: (f) => [
        `Gracias por acordar un plan de pagos para ${f.invoiceList}. Se lo dejamos aquí para que lo tenga a mano:`,
        { schedule: f.plan },
        f.plan.autopay
          ? 'Cada plazo se cobrará automáticamente en su fecha, tal como lo acordó con nuestro equipo de facturación, así que no tiene que hacer nada más.'
          : 'Puede pagar cada plazo en la página de su cuenta. Le enviaremos un recordatorio unos días antes de cada uno.',
        'Mientras el plan siga al día, no le enviaremos ningún otro recordatorio sobre este saldo.',
      ],
      action: () => 'Ver su plan',
    },
    instalmentReminder: {
      subject: (f) => `Su plazo de ${f.instalment.amount} vence el ${f.instalment.due}`,
      body: (f) => [
        `Le recordamos que el plazo ${f.instalment.number}${f.instalment.of ? ` de ${f.instalment.of}` : ''} de su plan de pagos, de ${f.instalment.amount}, vence el ${f.instalment.due}.`,
        f.instalment.autopay
          ? 'Se cobrará automáticamente en esa fecha, así que no tiene que hacer nada.'
          : 'Puede pagarlo en la página de su cuenta cuando le venga bien antes de esa fecha.',
      ],
      action: (f) => (f.instalment.autopay ? 'Ver su plan' : 'Ver su plan y pagar'),
    },
    instalmentMissed: {
      subject: (f) => `No hemos recibido su plazo de ${f.instalment.amount}`,
      body: (f) => [
        `No hemos recibido el plazo ${f.instalment.number} de su plan de pagos (${f.instalment.amount}, con vencimiento el ${f.instalment.due}). Puede que simplemente se le haya pasado, así que esto es solo un recordatorio amable.`,
        'Si puede, páguelo en la página de su cuenta en los próximos días. Si el plan ya no le funciona, díganoslo: preferimos cambiarlo antes que verlo fracasar.',
      ],
      action: () => 'Ver su plan y pagar',
    },
    planBroken: {
      subject: (f) => `Su plan de pagos ha terminado: tiene pendiente ${f.balance}`,
      body: (f) => [
        `Lo sentimos, pero hemos tenido que dar por terminado su plan de pagos para ${f.invoiceList}, porque los plazos no se han pagado según lo acordado.`,
        `Ahora debe pagarse la totalidad del saldo restante: ${f.balance}.`,
        'Qué ocurrirá ahora: le enviaremos un último aviso con la fecha límite para pagar o acordar una solución antes de que su cuenta se remita a una agencia de cobros. Hasta entonces puede pagar o hablar con nosotros en cualquier momento, y de verdad preferimos encontrar algo que le funcione.',
      ],
      action: () => 'Ver su cuenta y pagar',
    },
    hardshipAck: {
      subject: (f) => `Hemos pausado el cobro hasta el ${f.pauseUntil}`,
      body: (f) => [
        'Gracias por contarnos lo que está pasando. Sentimos que esté atravesando un momento difícil; queremos ayudarle, no añadirle presión.',
        `Hemos pausado el cobro de su cuenta hasta el ${f.pauseUntil}. Hasta esa fecha no recibirá recordatorios nuestros, y en este mensaje no le pedimos nada.`,
        `Hacia el ${f.pauseUntil} le escribiremos con un plan ajustado a lo que nos dijo que puede asumir. Si antes cambia su situación, o prefiere hablar con una persona, responda a este correo.`,
        'Si le resulta útil, existen servicios de asesoramiento sobre deudas gratuitos, confidenciales, independientes y sin ánimo de lucro. Pueden revisar con usted toda su situación, no solo esta cuenta, y no le cobrarán nada.',
        `Solo a título informativo: el saldo de su cuenta es de ${f.balance}.`,
      ],
    },
    hardshipPlanOffer: {
      subject: () => 'Un plan ajustado a lo que puede asumir',
      body: (f) => [
        `Esperamos que las cosas hayan mejorado un poco desde que nos escribió. Como le prometimos, aquí tiene un plan de pagos para su saldo de ${f.balance}, ajustado a lo que nos dijo que puede asumir${f.affordable ? ` (${f.affordable} al mes)` : ''}.`,
        ...planOptions(f),
        'Para aceptarlo, use el enlace de abajo. Si todavía le resulta demasiado, o su situación no ha mejorado, díganoslo y lo revisaremos juntos.',
      ],
      action: (f) => (f.planOptions.length > 1 ? 'Elegir un plan' : 'Aceptar este plan'),
    },
    hardshipReview: {
      subject: () => 'Hemos detenido los recordatorios: una persona de nuestro equipo revisará su cuenta',
      body: (f) => [
        `Queremos asegurarnos de tratarle con justicia. Puede que esté pasando por un momento difícil, así que hemos dejado de enviarle recordatorios sobre ${f.invoiceList} y una persona de nuestro equipo revisará su cuenta personalmente. En este mensaje no se le pide nada, y mientras tanto no pasaremos su cuenta a nadie más.`,
        'Si anda justo de dinero, puede contárnoslo en la página de su cuenta: podemos pausar el cobro y ofrecerle un plan ajustado a sus posibilidades.',
        'Si prefiere hablar con una persona, responda a este correo o pida una llamada en la página de su cuenta, y le llamaremos cuando mejor le venga.',
        'Existen servicios independientes y sin ánimo de lucro que ofrecen asesoramiento gratuito y confidencial sobre deudas. Pueden revisar con usted toda su situación, no solo esta cuenta, y no le cobrarán nada.',
        `Solo a título informativo: el saldo de su cuenta es de ${f.balance}.`,
      ],
      action: () => 'Cuéntenos su situación',
    },
    disputeAck: {
      subject: () => 'Hemos detenido el cobro mientras revisamos su consulta',
      body: (f) => [
        `Gracias por avisarnos de que cree que hay un error en ${f.invoiceList}. Hemos detenido el cobro de inmediato y hemos pasado su consulta a nuestro equipo de cuentas, que la revisará con atención.`,
        'Mientras tanto no le enviaremos recordatorios. Le escribiremos en cuanto tengan una respuesta.',
        `Solo a título informativo: el saldo de su cuenta es de ${f.balance}, incluido el importe que ha cuestionado.`,
        'Si quiere añadir algo, enviarnos documentos o hablar con una persona, responda a este correo o use la página de su cuenta.',
      ],
    },
    disputeUpheld: {
      subject: (f) =>
        f.settled
          ? 'Tenía razón: no tiene nada que pagar'
          : 'Tenía razón: hemos abonado el importe que cuestionó',
      body: (f) => [
        `Gracias por su paciencia mientras revisábamos su consulta sobre ${f.invoiceList}. Tenía razón, y le pedimos disculpas por las molestias.`,
        f.settled
          ? `Hemos abonado el importe que cuestionó${credited(f)}, así que no tiene nada que pagar y hemos cerrado el caso. No recibirá más recordatorios sobre este asunto.`
          : `Hemos abonado el importe que cuestionó${credited(f)}. El saldo restante de su cuenta es ahora de ${f.balance}; más abajo encontrará todas las formas de resolverlo.`,
        ...note(f, 'Nota de nuestro equipo de cuentas'),
      ],
    },
    disputeRejected: {
      subject: (f) => `Resultado de su consulta sobre ${f.invoiceList}`,
      body: (f) => [
        `Gracias por su paciencia mientras nuestro equipo de cuentas revisaba su consulta sobre ${f.invoiceList}. La han estudiado con atención y han concluido que el importe es correcto, por lo que no podemos abonarlo.`,
        ...note(f, 'Nota de nuestro equipo de cuentas'),
        `Sabemos que no es la respuesta que esperaba. El saldo de ${f.balance} vuelve a estar pendiente. Si tiene información que no hayamos visto, responda a este correo y una persona volverá a revisarlo.`,
        ...(f.referralDate
          ? [
              `Si el ${f.referralDate} no hemos recibido el pago ni tenemos noticias suyas, remitiremos su cuenta a una agencia de cobros. Puede evitarlo de cualquiera de las formas que le indicamos abajo.`,
            ]
          : []),
      ],
      action: () => 'Ver su cuenta y pagar',
    },
    callbackAck: {
      subject: (f) => `Le llamaremos: no recibirá recordatorios hasta el ${f.pauseUntil}`,
      body: (f) => [
        `Gracias por pedirnos hablar con una persona. Alguien de nuestro equipo le llamará${f.callback.phone ? ` al ${f.callback.phone}` : ''}${f.callback.time ? ` en el horario que nos indicó (${f.callback.time})` : ''}.`,
        `Hasta el ${f.pauseUntil} no le enviaremos recordatorios, para que pueda hablarlo antes con nosotros.`,
        'Si ese horario ya no le viene bien, responda a este correo con otro que le convenga. Y si prefiere resolverlo antes de la llamada, abajo tiene todas las opciones.',
      ],
    },
    dueSoon: {
      subject: (f) => `Un aviso amable antes del vencimiento: ${f.invoiceList}`,
      body: (f) => [
        `Solo queremos avisarle con unos días de antelación sobre ${f.invoiceList}: abajo tiene el importe y la fecha de vencimiento. Hoy no tiene que hacer nada.`,
        'Si le viene bien, puede pagar por adelantado, o elegir un plan que reparta los pagos, en nuestra web. Y si algo no le parece correcto, o la fecha le resulta difícil, responda a este correo: lo leerá una persona.',
      ],
      action: () => 'Pagar por adelantado o elegir un plan',
    },
    credited: {
      subject: (f) =>
        f.settled
          ? `No tiene nada que pagar: hemos anulado ${f.invoiceList}`
          : 'Hemos abonado parte de su saldo',
      body: (f) => [
        f.settled
          ? `Hemos anulado y abonado ${f.invoiceList}${credited(f)}, así que no tiene nada que pagar. Hemos cerrado el caso y no recibirá más recordatorios sobre este asunto.`
          : `Hemos anulado y abonado parte de lo que figuraba en su cuenta${credited(f)}. Su saldo restante es ahora de ${f.balance}; más abajo encontrará todas las formas de resolverlo.`,
        'Si tiene cualquier pregunta, responda a este correo.',
      ],
    },
  },
  brokenPromise: (date) =>
    `Nos dijo que pagaría a más tardar el ${date}, pero aún no hemos recibido el pago. Si algo ha cambiado, cuéntenoslo: podemos buscar juntos otra solución.`,
  settlement: {
    title: 'Salde su cuenta por menos',
    body: (amount, until, balance) =>
      `Si paga ${amount} a más tardar el ${until}, en lugar del importe completo de ${balance}, daremos su cuenta por saldada en su totalidad.`,
  },
  options: {
    heading: 'Qué puede hacer',
    items: (inPlan) => [
      inPlan
        ? 'Pagar: puede pagar un plazo, o todo el saldo, cuando quiera en la página de su cuenta.'
        : 'Pagar: puede pagar todo o una parte en la página de su cuenta.',
      inPlan
        ? '¿El plan ya no le encaja? Díganoslo y buscaremos un plan de pagos que se ajuste mejor.'
        : 'Repartir el pago: elija un plan de pagos en la página de su cuenta.',
      '¿Está pasando por un momento difícil? Cuéntenoslo: pausaremos el cobro y buscaremos algo que pueda asumir.',
      '¿Cree que hay un error? Díganoslo: detendremos el cobro y lo revisaremos.',
      '¿Prefiere hablar con una persona? Pida que le llamemos desde la página de su cuenta o responda a este correo.',
    ],
    after: 'Nada de lo que nos cuente se usará en su contra.',
  },
  invoiceList: (ids) =>
    count(ids.length, {
      one: `la factura ${ids[0]}`,
      other: `las facturas ${ids.slice(0, -1).join(', ')} y ${ids.at(-1)}`,
    }),
  invoiceHeadings: ['Factura', 'Importe', 'Vencimiento'],
  totals: { due: 'Saldo pendiente', info: 'Saldo de su cuenta', remaining: 'Saldo restante' },
  schedule: {
    headings: ['Plazo', 'Vencimiento', 'Importe'],
    total: 'Total',
    uneven: (items) =>
      count(items.length, {
        one: `El plazo ${items[0]?.number} es de ${items[0]?.amount}, para que el plan sume exactamente el total.`,
        other: `Los plazos ${items.map((item) => `${item.number} (${item.amount})`).join(', ')} varían ligeramente, para que el plan sume exactamente el total.`,
      }),
  },
  accountLink: 'Ver su cuenta',
  business: {
    orderHeading: 'N.º de pedido',
    remittance: (details, ids) =>
      `Para pagar: ${details}. Indique ${ids.length === 1 ? 'el número de factura' : 'los números de factura'} ${ids.join(', ')} como referencia, para que su pago se concilie enseguida.`,
    quote: (ids) =>
      `Indique ${ids.length === 1 ? 'el número de factura' : 'los números de factura'} ${ids.join(', ')} con su pago, para que se concilie enseguida.`,
  },
  footer: {
    who: (creditor) => `Este mensaje es de ${creditor}.`,
    contact: ({ email, phone, supportHours }) =>
      `Para hablar con una persona, escriba a ${email} o llame al ${phone} (${supportHours}).`,
    optOut: { before: 'Si prefiere no recibir estos correos, puede ', link: 'darse de baja aquí' },
    replyStop:
      'Si prefiere no recibir estos correos, responda con «stop» y dejaremos de enviarlos; solo le escribiremos por correo postal.',
  },
};

export const layout: LayoutWords = {
  skip: 'Saltar al contenido principal',
  nav: 'Su cuenta',
  account: 'Su cuenta',
  history: 'Historial',
  switchTo: 'English',
  errorPrefix: 'Error: ',
  from: (creditor) => `Esta página es de ${creditor}.`,
  contact: ({ email, phone, supportHours }) =>
    `Para hablar con una persona, escriba a ${email} o llame al ${phone} (${supportHours}).`,
  private: 'Su dirección es privada: por favor, no la comparta.',
  problem: 'Hay un problema',
};

export const account: AccountWords = {
  title: 'Su cuenta',
  greeting: (name) => `Hola, ${name}`,
  why: (creditor, invoices) =>
    count(invoices.length, {
      one: `${creditor} le escribe por la factura ${invoices[0]}, que está vencida.`,
      other: `${creditor} le escribe por las facturas ${invoices.slice(0, -1).join(', ')} y ${invoices.at(-1)}, que están vencidas.`,
    }),
  owed: 'Saldo a pagar',
  balance: 'Saldo',
  invoices: 'Sus facturas',
  invoice: 'Factura',
  amount: 'Importe',
  due: 'Vencimiento',
  document: 'Documento',
  viewInvoice: (id) => `Ver la factura ${id}`,
  pay: 'Pagar ahora',
  payNote: 'Después de pagar, el pago puede tardar un día en aparecer aquí.',
  noPayLink: (creditor) =>
    `Para pagar, responda a cualquier correo de ${creditor} y le diremos cómo hacerlo; un pago puede tardar un día en aparecer aquí.`,
  options: 'Qué puede hacer',
  help: '¿Necesita más tiempo, un plan de pagos o hablar con una persona? Elija una de las opciones de arriba o responda a cualquiera de nuestros correos.',
  historyTitle: 'Historial',
  historyIntro: (zone) =>
    `Cada mensaje que le enviamos y todo lo que ha pasado en su cuenta, empezando por lo más reciente. Las horas están en su zona horaria (${zone}).`,
  historyEmpty: 'Todavía no ha pasado nada en su cuenta.',
  notFoundTitle: 'Este enlace no funciona',
  notFound:
    'Puede que el enlace haya caducado o que no se copiara entero. Abra el correo más reciente que le enviamos y use su enlace, o responda a ese correo y le enviaremos uno nuevo.',
  homeTitle: 'Su cuenta',
  home: 'Para ver su cuenta, abra el enlace del correo más reciente que le enviamos.',
  statement: {
    link: 'Extracto de cuenta',
    title: 'Extracto de cuenta',
    intro: (creditor) =>
      `Todas las facturas, pagos y abonos de esta cuenta con ${creditor}, con el saldo después de cada uno.`,
    printHint: 'Puede imprimir esta página o descargarla en PDF para guardarla.',
    pdf: 'Descargar el extracto (PDF)',
    date: 'Fecha',
    description: 'Concepto',
    amount: 'Importe',
    balance: 'Saldo',
    invoice: (id, due) => `Factura ${id ?? ''}${due ? ` (vence el ${due})` : ''}`.replace('  ', ' '),
    payment: (reference) => `Pago recibido${reference ? ` (${reference})` : ''}`,
    credit: {
      'invoice-cancelled': (reference) => `Abono: factura ${reference ?? ''} anulada`,
      dispute: () => 'Abono: reclamación aceptada',
      settlement: () => 'Abono: descuento por pronto pago',
      'written-off': () => 'Abono: saldo cancelado',
    },
    invoiced: 'Total facturado',
    paid: 'Total pagado',
    credited: 'Total abonado',
    owedNow: 'Saldo pendiente',
    empty: 'Todavía no hay nada registrado en esta cuenta.',
    made: (date) => `Extracto emitido el ${date}.`,
    fileName: 'extracto',
  },
};

export const status: StatusWords = {
  paid: 'Pagado por completo: gracias.',
  credited: 'Ya no se debe nada en esta cuenta: la hemos abonado.',
  placed: 'Hemos remitido esta cuenta a una agencia de cobros, que se pondrá en contacto con usted.',
  agency: {
    heading: 'Quién gestiona ahora su cuenta',
    handledBy: (name) =>
      `${name} gestiona ahora esta cuenta en nuestro nombre. Puede contactar con ellos aquí:`,
    phone: 'Teléfono',
    email: 'Correo electrónico',
    website: 'Sitio web',
    stillHere:
      'Aquí puede seguir reclamando la deuda o dejar de recibir nuestros correos, y cualquier pago que nos haga sigue contando: se lo comunicamos a la agencia enseguida.',
  },
  heldForPerson: 'Una persona de nuestro equipo está revisando su cuenta y se pondrá en contacto.',
  optedOut:
    'Hemos dejado de escribirle por correo electrónico; alguien de nuestro equipo se pondrá en contacto de otra forma.',
  legalPause: (until) =>
    until
      ? `El cobro está en pausa hasta el ${until}; no nos pondremos en contacto con usted antes.`
      : 'El cobro está en pausa; no nos pondremos en contacto con usted mientras dure.',
  dispute: 'Estamos revisando su reclamación; no le pediremos el pago hasta que se resuelva.',
  planOnTrack: (amount, date) => `Su plan va bien: el próximo pago es de ${amount} el ${date}.`,
  planBehind: (amount, date) =>
    `Su plan necesita un pago: ${amount} vencía el ${date}. Páguelo cuando pueda o díganos si el plan ya no le sirve.`,
  promise: (promised, until) =>
    `Nos dijo que pagará antes del ${promised}, así que hemos pausado los recordatorios hasta el ${until}.`,
  hardship: (until) => `Hemos pausado los recordatorios hasta el ${until} mientras se organiza.`,
  callback: (until) => `Le llamaremos pronto; hemos pausado los recordatorios hasta el ${until}.`,
  planOffer: (until) =>
    `Le hemos ofrecido un plan de pagos; los recordatorios están en pausa hasta el ${until}.`,
  paused: (until) => `Hemos pausado los recordatorios hasta el ${until}.`,
  open: 'Estamos a la espera de su pago.',
  snooze: (remindOn) =>
    `Nos pidió que se lo recordemos el ${remindOn}; no le enviaremos recordatorios antes.`,
};

export const history: HistoryWords = {
  emailKinds: {
    friendly: 'Su primer recordatorio',
    firm: 'Un segundo recordatorio, más firme',
    final: 'Último aviso',
    placed: 'Su cuenta se remitió a una agencia',
    thanks: 'Gracias por su pago',
    partialPaymentThanks: 'Gracias por su pago parcial',
    promiseAck: 'Confirmación de su compromiso de pago',
    planOffer: 'Planes de pago que podemos ofrecerle',
    planAgreed: 'Confirmación de su plan de pagos',
    instalmentReminder: 'Se acerca un pago de su plan',
    instalmentMissed: 'No recibimos un pago de su plan',
    planBroken: 'Su plan de pagos terminó',
    hardshipAck: 'Pausamos el cobro',
    hardshipPlanOffer: 'Un plan ajustado a lo que puede pagar',
    hardshipReview: 'Detuvimos los recordatorios para que una persona revise su cuenta',
    disputeAck: 'Recibimos su reclamación',
    disputeUpheld: 'El resultado de su reclamación',
    disputeRejected: 'El resultado de su reclamación',
    callbackAck: 'Le llamaremos',
    credited: 'Abonamos su cuenta',
    dueSoon: 'Un aviso antes del vencimiento',
    agencySettled: 'Su cuenta está saldada',
  },
  emailSent: (kind, subject, delivery) =>
    `Correo: ${kind}${subject ? ` (asunto «${subject}»)` : ''}${
      delivery === 'delivered'
        ? ' — entregado en su buzón'
        : delivery === 'undelivered'
          ? ' — no se pudo entregar'
          : ''
    }`,
  withheld: (kind, why) => `No enviamos un correo (${kind.toLowerCase()}) porque ${why}.`,
  withheldBecause: {
    optedOut: 'nos pidió que dejáramos de escribirle',
    legalPause: 'el cobro de su cuenta está en pausa',
    undeliverable: 'los correos a su dirección no se pueden entregar',
    other: 'en ese momento no podíamos contactarle',
  },
  deferred: (kind, until, why) =>
    `Retuvimos un correo (${kind.toLowerCase()})${
      why === 'hours'
        ? ' porque era fuera del horario en que podemos escribirle'
        : why === 'cap'
          ? ' porque ya le habíamos escrito tantas veces como podemos esta semana'
          : ''
    }${until ? `; puede enviarse a partir del ${until}` : ''}.`,
  documentAdded: (name) => `Nos envió un documento para su reclamación${name ? ` (${name})` : ''}.`,
  caseOpened: (invoice, amount) =>
    `La factura ${invoice}${amount ? ` (${amount})` : ''} estaba vencida, así que abrimos esta cuenta.`,
  invoiceAdded: (invoice, amount) => `Se añadió la factura ${invoice}${amount ? ` (${amount})` : ''}.`,
  promise: (date) =>
    date ? `Se comprometió a pagar antes del ${date}.` : 'Se comprometió a pagar antes de una fecha.',
  dispute: 'Reclamó esta cuenta; dejamos de reclamar el pago mientras nuestro equipo lo revisa.',
  disputeUpheld: 'Su reclamación fue aceptada.',
  disputeRejected: 'Su reclamación se revisó y no fue aceptada.',
  disputeUpheldInPart: (credit) =>
    `Su reclamación se aceptó en parte${credit ? `: le abonamos ${credit}` : ''}; el resto sigue pendiente.`,
  callLogged: (reached) =>
    reached ? 'Hablamos con usted por teléfono.' : 'Intentamos llamarle, pero no pudimos hablar con usted.',
  staffResumed: 'Una persona de nuestro equipo revisó su cuenta y los recordatorios se reanudaron.',
  writtenOff: 'Cerramos su cuenta: ya no debe nada en ella.',
  callback: (phone) => `Nos pidió que le llamáramos${phone ? ` al ${phone}` : ''}.`,
  emailsStopped: 'Nos pidió que dejáramos de escribirle por correo electrónico.',
  emailBounced:
    'Un correo para usted no se pudo entregar en su dirección, así que no volveremos a escribirle a ella; una persona de nuestro equipo le contactará de otra forma.',
  emailDelayed:
    'Un correo para usted se ha retrasado; su proveedor de correo aún no lo ha aceptado y seguimos intentándolo.',
  emailComplaint: 'Marcó uno de nuestros correos como no deseado, así que dejamos de escribirle.',
  planAgreed: (count, total) =>
    `Acordó un plan de pagos${count ? ` de ${count} pagos` : ''}${total ? ` (${total} en total)` : ''}.`,
  planOffered: 'Le ofrecimos un plan de pagos.',
  hardshipCheck: (signs) =>
    signs === undefined
      ? 'Antes de volver a escribirle, comprobamos si había alguna señal de que estuviera pasando dificultades y no encontramos ninguna.'
      : `Comprobamos si había alguna señal de que estuviera pasando dificultades y encontramos algunas (${signs.join('; ')}), así que detuvimos los recordatorios y pedimos a una persona de nuestro equipo que revise su cuenta con usted. Mientras tanto, no pasaremos su cuenta a ninguna agencia de cobro.`,
  hardshipSigns: {
    'hardship-declared': 'nos contó que tiene dificultades económicas',
    vulnerable: 'puede que necesite un apoyo especial por nuestra parte',
    'plan-broken-after-hardship': 'un plan de pagos tras sus dificultades económicas no salió adelante',
    'partial-payments': 'ha ido pagando lo que puede',
    'never-reached': 'puede que nuestros mensajes no le hayan llegado',
  },
  planBroken: 'Su plan de pagos terminó porque faltaron pagos.',
  hardship: 'Nos contó que está pasando por dificultades; pausamos el cobro.',
  pauseEnded: 'Terminó la pausa de los recordatorios.',
  payment: (amount) => `Pago recibido: ${amount}.`,
  paid: 'Su cuenta se pagó por completo y se cerró.',
  credited: 'Su cuenta se abonó y se cerró.',
  placed: 'Su cuenta se remitió a una agencia de cobros.',
  placedWith: (agency, { phone, email, website }) => {
    const ways = [
      phone ? `por teléfono en el ${phone}` : '',
      email ? `por correo en ${email}` : '',
      website ? `en ${website}` : '',
    ].filter(Boolean);
    return `Su cuenta se remitió a una agencia de cobros, ${agency}, que ahora la gestiona por nosotros.${
      ways.length ? ` Puede contactar con ella ${ways.join(', ')}.` : ''
    }`;
  },
  agencyRecalled:
    'Retiramos su cuenta de la agencia de cobros: ya no se pondrá en contacto con usted por este asunto.',
  agencyCollected: (amount, balance) =>
    `La agencia de cobros nos comunicó que usted le pagó${amount ? ` ${amount}` : ''}${
      balance ? `; su saldo es ahora de ${balance}` : ''
    }.`,
  agencySettled:
    'La agencia de cobros nos comunicó que su cuenta está pagada en su totalidad: queda saldada.',
  agencyDisputed:
    'Usted reclamó esta cuenta ante la agencia de cobros, así que la retiramos y dejamos de cobrar mientras nuestro equipo lo revisa.',
  agencyReturned: (writtenOff) =>
    writtenOff
      ? 'La agencia de cobros nos devolvió su cuenta.'
      : 'La agencia de cobros nos devolvió su cuenta; una persona de nuestro equipo se pondrá en contacto con usted.',
  person: 'Su cuenta pasó a una persona de nuestro equipo.',
  invoiceCancelled: (invoice) => `La factura ${invoice} se anuló y se abonó.`,
  collectionPaused: 'El cobro se puso en pausa.',
  collectionResumed: 'El cobro se reanudó después de la pausa.',
  survey: (score) => `Respondió a nuestra encuesta${score ? ` (${score} de 5)` : ''}. Gracias.`,
  generic: 'Su cuenta se actualizó.',
  snoozed: (remindOn) =>
    remindOn
      ? `Nos pidió que se lo recordemos el ${remindOn}; pausamos los recordatorios hasta entonces.`
      : 'Nos pidió que se lo recordemos más adelante.',
  fewerReminders: 'Pidió menos recordatorios: ahora esperamos más su respuesta antes de volver a escribirle.',
  languageChosen: (language) =>
    `Nos pidió que le escribamos en ${language === 'es' ? 'español' : 'inglés'} a partir de ahora.`,
};

export const actions: ActionWords = {
  back: 'Volver a su cuenta',
  send: {
    promise: 'Comprometerme a esta fecha',
    plan: 'Acepto este plan',
    hardship: 'Enviar',
    dispute: 'Enviar mi reclamación',
    callback: 'Pedir que me llamen',
    'stop-emails': 'Dejar de recibir correos',
    snooze: 'Recordármelo en esta fecha',
    'fewer-reminders': 'Enviarme menos recordatorios',
  },
  title: {
    promise: 'Comprometerse a una fecha de pago',
    plan: 'Acordar un plan de pagos',
    hardship: 'Díganos si está pasando por dificultades',
    dispute: 'Reclamar esta factura',
    callback: 'Hablar con una persona',
    'stop-emails': 'Preferencias de correo',
    snooze: 'Recordármelo más adelante',
    'fewer-reminders': 'Menos recordatorios',
  },
  intro: {
    promise: 'Díganos cuándo va a pagar y pausaremos los recordatorios hasta entonces.',
    plan: '',
    hardship: '',
    dispute:
      'Si algo de esta factura no es correcto, díganoslo. Dejamos de reclamar el pago mientras nuestro equipo lo revisa.',
    callback:
      'Déjenos su número y alguien de nuestro equipo le llamará. Pausamos los recordatorios unos días para que pueda hablarlo antes con nosotros.',
    'stop-emails':
      'Puede dejar de recibir estos correos. No volveremos a escribirle por correo electrónico sobre esta cuenta; alguien de nuestro equipo se pondrá en contacto de otra forma.',
    snooze:
      '¿No es buen momento? Elija el día en que quiere que volvamos a escribirle; por ejemplo, su día de cobro. No le enviaremos recordatorios antes, y nada se endurece por pedirlo.',
    'fewer-reminders':
      'Podemos escribirle menos: esperaremos más su respuesta antes de cada recordatorio. Nada llega antes por pedirlo.',
  },
  fields: {
    date: 'Fecha en que pagará',
    dateHint: (latest) => `Cualquier fecha desde hoy hasta el ${latest}.`,
    reason: '¿Qué no es correcto?',
    note: '¿Algo más que debamos saber? (opcional)',
    confirm: 'Sí, no quiero más correos sobre esta cuenta',
    phone: 'Número de teléfono',
    phoneHint: 'El número al que debemos llamarle; por ejemplo, +34 912 345 678.',
    time: '¿Cuándo prefiere que le llamemos?',
    callbackNote: '¿Algo que debamos saber antes de llamarle? (opcional)',
    remindOn: 'Recordármelo el',
    remindOnHint: (latest) => `Cualquier fecha desde mañana hasta el ${latest}. Puede pedirlo una vez.`,
    fewerConfirm: 'Sí, quiero menos recordatorios',
  },
  reasons: {
    'wrong-amount': 'El importe no es correcto',
    'not-received': 'No recibí lo que se me factura',
    'already-paid': 'Ya he pagado',
    'not-mine': 'Esta cuenta no es mía',
    other: 'Otra cosa',
  },
  times: {
    morning: 'Por la mañana',
    afternoon: 'Por la tarde',
    evening: 'Por la noche',
  },
  errors: {
    'date-format': 'Escriba la fecha como año, mes y día; por ejemplo, 2026-12-14.',
    'in-the-past': 'Elija hoy o una fecha posterior.',
    'too-far': 'Elija una fecha anterior: solo podemos pausar los recordatorios por un tiempo limitado.',
    'reason-required': 'Elija qué no es correcto.',
    'note-too-long': 'La nota debe tener menos de 2000 caracteres.',
    'confirm-required': 'Marque la casilla para confirmar.',
    'plan-required': 'Elija un plan.',
    'plan-unknown': 'Ese plan ya no está disponible: elija uno de estos.',
    'amount-required': 'Escriba una cantidad, aunque sea 0.',
    'amount-format': 'Escriba la cantidad en números; por ejemplo, 50 o 50,00.',
    'phone-required': 'Escriba el número al que debemos llamarle.',
    'phone-format':
      'Escriba un número de teléfono de 6 a 20 cifras; puede usar espacios, +, - y paréntesis. Por ejemplo, +34 912 345 678.',
    'time-required': 'Elija cuándo prefiere que le llamemos.',
    'not-after-today': 'Elija mañana o una fecha posterior.',
    'too-far-snooze': 'Elija una fecha anterior: solo podemos esperar un tiempo limitado.',
  },
  unavailable: {
    'case-closed': 'No hay nada que hacer aquí: ya no se reclama esta cuenta.',
    'already-stopped': 'Ya ha dejado de recibir estos correos.',
    'dispute-open':
      'Nuestro equipo está revisando su reclamación; no le reclamaremos el pago hasta que termine.',
    'legal-pause': 'El cobro de esta cuenta está en pausa; no tiene que hacer nada ahora.',
    'plan-active':
      'Ya tiene un plan de pagos para esta cuenta; las fechas están en el correo que le enviamos.',
    'hardship-declared': 'Hemos pausado el cobro mientras se organiza; le escribiremos con un plan.',
    'callback-requested':
      'Ya tenemos su petición: alguien de nuestro equipo le llamará, y los recordatorios siguen en pausa hasta entonces.',
    'snooze-used': 'Ya nos pidió que se lo recordemos más adelante en esta cuenta.',
    'already-paused': 'Los recordatorios de esta cuenta ya están en pausa; no hay nada que aplazar ahora.',
    'already-gentle': 'Ya recibe menos recordatorios en esta cuenta.',
  },
  done: {
    promise: (date, until) =>
      `Gracias. Hemos pausado los recordatorios: pague antes del ${date}; si el ${until} no lo hemos recibido, los recordatorios volverán a empezar.`,
    plan: 'Gracias. Su plan está acordado: le hemos enviado por correo las fechas y los importes, y le recordaremos cada pago unos días antes.',
    hardship: (until) =>
      `Gracias por contárnoslo. Hemos pausado el cobro hasta el ${until}; después le ofreceremos un plan que se ajuste a lo que pueda pagar.`,
    dispute:
      'Gracias. Hemos dejado de reclamar el pago mientras nuestro equipo revisa su reclamación, y le escribiremos con el resultado.',
    callback: (phone, time, until) =>
      `Gracias. Alguien de nuestro equipo le llamará al ${phone} ${time.toLowerCase()}${until ? `, y no le enviaremos recordatorios hasta el ${until}` : ''}.`,
    'stop-emails':
      'Hecho. No volveremos a escribirle por correo electrónico sobre esta cuenta; alguien de nuestro equipo se pondrá en contacto de otra forma.',
    snooze: (remindOn) => `Gracias. No le enviaremos recordatorios antes del ${remindOn}.`,
    'fewer-reminders': (until) =>
      `Gracias. Le escribiremos menos${until ? `; nuestro próximo recordatorio no llegará antes del ${until}` : ''}.`,
  },
  doneMovedOn:
    'Gracias. Lo hemos registrado. Desde entonces la situación ha cambiado: la página de su cuenta muestra cómo está ahora.',
  doneTitle: 'Gracias',
  inHistory: (link) => html`Ya aparece en su ${link}.`,
  historyLink: 'historial',
  keepLanguage: {
    text: '¿Quiere que le escribamos en español a partir de ahora, también en nuestros correos?',
    button: 'Sí, escríbanme en español',
  },
};

export const plans: PlanWords = {
  planTitle: 'Acordar un plan de pagos',
  planIntro:
    'Elija cómo quiere repartir el saldo. Todos los planes suman exactamente lo que debe; no se añade nada.',
  planLegend: 'Planes que puede elegir',
  option: (count, amount, first) => `${count} pagos de unos ${amount}; el primero, el ${first}`,
  date: 'Fecha',
  amount: 'Importe',
  total: 'Total',
  remainder: (n) =>
    `${count(n, { one: 'El último pago lleva', other: `Los últimos ${n} pagos llevan` })} un céntimo más para que el total sea exacto.`,
  sized: 'Ajustado a lo que nos dijo que puede pagar.',
  noPlans:
    'No podemos ofrecerle un plan en línea para este saldo. Responda a cualquiera de nuestros correos y una persona le ayudará.',
  accept: 'Acepto este plan',
  hardshipTitle: 'Díganos si está pasando por dificultades',
  hardshipIntro:
    'Si ahora mismo le cuesta pagar, díganoslo. Pausaremos el cobro mientras se organiza y después le ofreceremos un plan que se ajuste a lo que pueda pagar.',
  reasonLegend: '¿Qué ha pasado?',
  reasons: {
    'job-loss': 'He perdido mi trabajo o mis ingresos',
    illness: 'Enfermedad',
    bereavement: 'Un fallecimiento',
    other: 'Otra cosa',
  },
  affordable: (currency) => `¿Cuánto podría pagar al mes? (${currency})`,
  affordableHint: 'Una cantidad realista, aunque sea pequeña. Puede escribir 0.',
  note: '¿Algo más que quiera contarnos? (opcional)',
  send: 'Enviar',
  errors: {
    'plan-required': 'Elija un plan.',
    'plan-unknown': 'Ese plan ya no está disponible: elija uno de estos.',
    'reason-required': 'Elija qué ha pasado.',
    'amount-required': 'Escriba una cantidad, aunque sea 0.',
    'amount-format': 'Escriba la cantidad en números; por ejemplo, 50 o 50,00.',
    'note-too-long': 'La nota debe tener menos de 2000 caracteres.',
  },
};

export const survey: SurveyWords = {
  title: 'Gracias',
  balance: 'Saldo',
  question: '¿Qué tal lo hemos hecho?',
  scale: '1 es muy mal y 5 es muy bien.',
  scores: { '1': '1 – Muy mal', '2': '2 – Mal', '3': '3 – Regular', '4': '4 – Bien', '5': '5 – Muy bien' },
  comment: '¿Quiere contarnos algo? (opcional)',
  commentHint: (max) => `Hasta ${max} caracteres.`,
  send: 'Enviar mi respuesta',
  answered: 'Ya respondió a nuestra pregunta. Gracias por contarnos qué tal lo hicimos.',
  notClosed: 'Le preguntaremos qué tal lo hemos hecho cuando su cuenta esté saldada.',
  done: 'Gracias por su respuesta: nos ayuda a tratar mejor a las personas. Ya aparece en su historial.',
  errors: {
    'score-required': 'Elija un número del 1 al 5.',
    'comment-too-long': (max) => `El comentario debe tener menos de ${max} caracteres.`,
  },
};

export const documents: DocumentWords = {
  title: 'Documentos de su reclamación',
  link: (count, max) =>
    count ? `Los documentos de su reclamación (${count} de ${max})` : 'Añadir un documento a su reclamación',
  intro:
    'Puede enviarnos documentos que ayuden a nuestro equipo a revisar su reclamación, como un recibo, un extracto bancario o la foto de una carta.',
  limits: (max) =>
    `Añada un documento (PDF o foto, hasta 10 MB, hasta ${max}). Envíe un archivo cada vez, con el formulario de su tipo.`,
  yours: 'Documentos que ha enviado',
  none: 'Todavía no ha enviado ningún documento.',
  download: 'Descargar',
  added: 'Gracias: hemos añadido su documento a su reclamación.',
  forms: {
    pdf: {
      label: 'Un documento PDF',
      hint: 'Un archivo que termine en .pdf, de hasta 10 MB.',
      send: 'Enviar este PDF',
    },
    jpeg: {
      label: 'Una foto (JPEG)',
      hint: 'Una foto de su teléfono o cámara, que termine en .jpg o .jpeg, de hasta 10 MB.',
      send: 'Enviar esta foto',
    },
    png: {
      label: 'Una captura de pantalla o imagen (PNG)',
      hint: 'Una imagen que termine en .png, de hasta 10 MB.',
      send: 'Enviar esta imagen',
    },
  },
  kinds: { pdf: 'PDF', jpeg: 'Foto (JPEG)', png: 'Imagen (PNG)' },
  unavailable: {
    'case-closed': 'Ya no se reclama esta cuenta, así que no hacen falta más documentos.',
    'no-open-dispute':
      'Puede añadir documentos mientras haya una reclamación abierta. Para abrir una, use «Reclamar esta factura».',
    'limit-reached': (max) =>
      `Ha enviado ${max} documentos, el máximo que podemos recibir. Si necesita enviar más, responda a nuestro correo.`,
  },
  problemTitle: 'No hemos podido añadir ese archivo',
  problems: {
    empty: 'El archivo estaba vacío. Elija de nuevo el archivo y envíelo.',
    'too-large':
      'El archivo ocupa más de 10 MB. Envíe un archivo más pequeño; por ejemplo, una foto de menor tamaño.',
    'wrong-type': 'Solo podemos recibir documentos PDF e imágenes JPEG o PNG.',
    'content-mismatch':
      'El archivo no es del tipo del formulario que usó. Envíe un PDF con el formulario de PDF, una foto .jpg con el de fotos y una imagen .png con el de imágenes.',
    'case-closed': 'Ya no se reclama esta cuenta, así que el archivo no se ha añadido.',
    'no-open-dispute': 'Su reclamación ya no está abierta, así que el archivo no se ha añadido.',
    'limit-reached': (max) =>
      `Ya ha enviado ${max} documentos, el máximo que podemos recibir, así que este no se ha añadido.`,
    'not-found':
      'No encontramos el archivo que envió. Puede que el formulario haya caducado: abra de nuevo la página de documentos y envíelo otra vez.',
    'not-this-case':
      'Ese archivo no pertenece a esta cuenta. Abra de nuevo la página de documentos y envíelo desde allí.',
  },
  tryAgain: 'Volver a sus documentos',
  back: 'Volver a su cuenta',
};

export const es: Catalogue = { email, layout, account, status, history, actions, plans, survey, documents };

/** Mensajes de texto (issue 16). */
export const text: TextWords = {
  collection: (creditor, balance, url) =>
    `${creditor}: su cuenta tiene ${balance} vencido. Pague, pida un plan o más tiempo aquí: ${url}`,
  acknowledgement: (creditor, url) => `${creditor}: hemos recibido su solicitud. Los detalles: ${url}`,
  outcome: (creditor, url) => `${creditor}: hay novedades sobre su cuenta: ${url}`,
  welcome: (creditor) =>
    `${creditor}: aceptó recibir mensajes sobre su cuenta. Responda AYUDA para ayuda. Pueden aplicarse tarifas.`,
  stopped: (creditor) =>
    `${creditor}: no le enviaremos más mensajes de texto. Podemos seguir escribiéndole por correo.`,
  help: (creditor, url) =>
    `${creditor} sobre su cuenta. Para hablar con una persona, responda con su pregunta o pida una llamada: ${url}`,
  fromPerson: (creditor, message) => `${creditor}: ${message}`,
  optOut: 'Responda BAJA para no recibir más.',
};

export const textHistory: TextHistoryWords = {
  sent: (kind, segments) =>
    `Le enviamos un mensaje de texto${kind ? ` (${kind})` : ''}${segments ? `, ${segments === 1 ? '1 parte' : `${segments} partes`}` : ''}.`,
  answer: 'Respondimos a su mensaje de texto.',
  received: 'Nos envió un mensaje de texto. Una persona le responderá.',
  stopped: 'Nos pidió que dejáramos de enviarle mensajes de texto. No volveremos a hacerlo.',
  consentGiven: 'Aceptó recibir mensajes de texto.',
  consentWithdrawn: 'Retiró su permiso para recibir mensajes de texto.',
};

export const textPage: TextPageWords = {
  title: 'Mensajes de texto',
  link: 'Mensajes de texto: elija cómo le contactamos',
  intro:
    'Podemos enviarle mensajes de texto sobre esta cuenta, además del correo o en su lugar. Solo lo hacemos si usted está de acuerdo.',
  phone: 'Número de móvil',
  phoneHint: 'Con el prefijo del país, por ejemplo +34 600 123 456.',
  consent:
    'Acepto recibir mensajes de texto sobre esta cuenta. Puedo responder BAJA en cualquier momento para dejar de recibirlos.',
  channel: '¿Cómo prefiere que le contactemos?',
  channels: { email: 'Por correo', sms: 'Por mensaje de texto', both: 'Por correo y mensaje de texto' },
  save: 'Guardar mi elección',
  saved: 'Hemos guardado su elección.',
  welcomeSent: 'Le hemos enviado un mensaje de texto para confirmarlo.',
  now: {
    on: (phone) => `Podemos enviarle mensajes al ${phone}.`,
    off: 'No le enviamos mensajes de texto.',
    stopped: 'Nos pidió que dejáramos de enviarle mensajes de texto.',
  },
  errors: {
    'phone-format': 'Escriba un número de móvil con el prefijo del país, como +34 600 123 456',
    'phone-required': 'Escriba el número de móvil al que debemos escribir',
    'consent-required': 'Marque la casilla para aceptar los mensajes, o elija el correo',
    'consent-format': 'Marque la casilla para aceptar los mensajes',
    'channel-required': 'Elija cómo prefiere que le contactemos',
  },
};

export const emailsStopPage: EmailsStopWords = {
  title: 'Dejar de recibir nuestros correos',
  intro: (creditor) =>
    `${creditor} no le enviará más correos: ni avisos antes del vencimiento de una factura, ni correos sobre ninguna de sus cuentas con nosotros.`,
  texts:
    'Esto no cambia los mensajes de texto que aceptó. Para hablar con una persona, use los datos de contacto de abajo.',
  submit: 'Dejar de recibir correos',
  done: (creditor) => `Hecho: ${creditor} no volverá a enviarle correos.`,
  invalidTitle: 'Este enlace no funciona',
  invalid:
    'Puede que el enlace haya caducado o se haya copiado solo en parte. Responda a nuestro correo y los dejaremos de enviar.',
};
