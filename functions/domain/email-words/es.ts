import type { Block, Fmt, Words } from '../emails.ts';

/**
 * Spanish, written for the reader (usted), not translated word for word: claro, cordial, firme
 * solo paso a paso y nunca amenazante.
 */

const note = (f: Fmt, by: string): Block[] => (f.disputeNote ? [{ quote: f.disputeNote, by }] : []);
const credited = (f: Fmt) => (f.credited ? ` (${f.credited})` : '');
const plural = (count: number) => `${count} plazo${count === 1 ? '' : 's'}`;
const planOptions = (f: Fmt): Block[] =>
  f.planOptions.map((schedule, index) => ({
    schedule,
    title:
      f.planOptions.length > 1 ? `Opción ${index + 1}: ${plural(schedule.count)}` : plural(schedule.count),
  }));

export const es: Words = {
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
      subject: (f) => `Planes de pago para su saldo de ${f.balance}`,
      body: (f) => [
        `Nos pidió repartir el pago de ${f.invoiceList}. Estos son los planes de pago que podemos ofrecerle para su saldo de ${f.balance}; cada uno suma exactamente ese importe.`,
        ...planOptions(f),
        'Para elegir uno, use el enlace de abajo. Si ninguno le encaja, responda a este correo y cuéntenos cuánto puede asumir: haremos lo posible por encontrar una opción que le funcione.',
      ],
      action: (f) => (f.planOptions.length > 1 ? 'Elegir un plan' : 'Aceptar este plan'),
    },
    planAgreed: {
      subject: (f) => `Su plan de pagos está en marcha: ${plural(f.plan.count)}`,
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
    ids.length === 1 ? `la factura ${ids[0]}` : `las facturas ${ids.slice(0, -1).join(', ')} y ${ids.at(-1)}`,
  invoiceHeadings: ['Factura', 'Importe', 'Vencimiento'],
  totals: { due: 'Saldo pendiente', info: 'Saldo de su cuenta', remaining: 'Saldo restante' },
  schedule: {
    headings: ['Plazo', 'Vencimiento', 'Importe'],
    total: 'Total',
    uneven: (items) =>
      items.length === 1
        ? `El plazo ${items[0]?.number} es de ${items[0]?.amount}, para que el plan sume exactamente el total.`
        : `Los plazos ${items.map((item) => `${item.number} (${item.amount})`).join(', ')} varían ligeramente, para que el plan sume exactamente el total.`,
  },
  accountLink: 'Ver su cuenta',
  footer: {
    who: (creditor) => `Este mensaje es de ${creditor}.`,
    optOut: { before: 'Si prefiere no recibir estos correos, puede ', link: 'darse de baja aquí' },
    replyStop:
      'Si prefiere no recibir estos correos, responda con «stop» y dejaremos de enviarlos; solo le escribiremos por correo postal.',
  },
};
