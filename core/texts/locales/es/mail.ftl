mail-confirmation-subject = Candidatura { $reference } recibida
mail-confirmation-greeting = Estimado/a { $person }:
mail-confirmation-received = Gracias por presentarse a la convocatoria «{ $title }». Hemos recibido su candidatura «{ $name }»; su referencia es { $reference }. Indíquela en cualquier consulta.
mail-confirmation-review = Expertos internacionales evalúan los casos { $period }. Le escribiremos para comunicarle el resultado.
mail-signature = { $from } ({ $address })
mail-hello = Hola:
mail-dear = Estimado/a { $name }:
mail-no-more-reminders = ¿No quiere más recordatorios? { $link }
mail-continue-subject = Su enlace para continuar su candidatura
mail-continue-intro = Este es su enlace para continuar su candidatura «{ $name }» a la convocatoria «{ $title }»:
mail-continue-note = Solo sirve una vez, durante { $hours } horas, y confirma esta dirección. Si no lo ha pedido, puede ignorar este correo.
mail-days-left = { $days ->
    [one] queda un día
   *[other] quedan { $days } días
}
mail-nudge-subject = { $days ->
    [one] Queda un día para enviar su candidatura
   *[other] Quedan { $days } días para enviar su candidatura
}
mail-nudge-one = Su candidatura { $name } a la convocatoria «{ $title }» aún no se ha enviado. La convocatoria cierra el { $deadline } ({ $days_left }).
mail-nudge-complete = Parece completa: solo falta enviarla.
mail-nudge-still-to-do = Falta por hacer:
mail-and-more = - y { $count } más
mail-nudge-many = { $count } candidaturas a la convocatoria «{ $title }» que indican esta dirección aún no se han enviado. La convocatoria cierra el { $deadline } ({ $days_left }).
mail-nudge-no-name = (todavía sin nombre)
mail-nudge-draft-complete = completa, lista para enviar
mail-nudge-draft-to-do = { $count ->
    [one] falta una cosa
   *[other] faltan { $count } cosas
}
mail-nudge-not-yours = Si usted no empezó estas candidaturas, otra persona indicó su dirección: puede ignorar este mensaje o usar el enlace de abajo para no recibir más recordatorios.
mail-nudge-carry-on = Continúe donde empezó: en el chat con nuestro bot envíe /apply, o abra el borrador con el token de edición que recibió.
chat-nudge = Recordatorio: su candidatura { $name } aún no se ha enviado. La convocatoria cierra el { $deadline } ({ $days_left }). Envíe /apply para continuar, o STOP para no recibir más recordatorios.
mail-review-link-subject = Su enlace de evaluación
mail-review-thanks = Gracias por evaluar casos de la convocatoria «{ $title }». Las evaluaciones se realizan { $period }.
mail-review-link = Su enlace personal a la página de evaluación (funciona en el móvil; no lo comparta):
mail-not-expected = Si no esperaba este mensaje, puede ignorarlo.
mail-assigned-subject = { $count ->
    [one] Un caso por evaluar
   *[other] { $count } casos por evaluar
}
mail-assigned = { $count ->
    [one] Un caso nuevo espera su evaluación ({ $round }), con plazo hasta el { $due }.
   *[other] { $count } casos nuevos esperan su evaluación ({ $round }), con plazo hasta el { $due }.
}
mail-open-them = Ábralos aquí:
mail-reviews-waiting-subject = { $count ->
    [one] Una evaluación pendiente
   *[other] { $count } evaluaciones pendientes
}
mail-round-opens = { $count ->
    [one] { $round } empieza hoy: un caso espera su evaluación, con plazo hasta el { $due }.
   *[other] { $round } empieza hoy: { $count } casos esperan su evaluación, con plazo hasta el { $due }.
}
mail-round-open-reviews = { $count ->
    [one] Sigue abierta una evaluación de { $round }, con plazo hasta el { $due }.
   *[other] Siguen abiertas { $count } evaluaciones de { $round }, con plazo hasta el { $due }.
}
mail-your-link = Su enlace:
mail-outcome-outstanding-subject = Su caso es un Caso Destacado
mail-outcome-collected-subject = Su caso está en la Colección
mail-outcome-not-selected-subject = El resultado de su candidatura
mail-outcome-outstanding = ¡Enhorabuena! Tras dos rondas de evaluación internacional, su caso «{ $name }» ({ $reference }) es uno de los Casos Destacados de la convocatoria «{ $title }». Los Casos Destacados se presentan en la Cumbre de Wuzhen de la WIC; le escribiremos sobre la invitación.
mail-outcome-collected = Buenas noticias: tras la evaluación internacional, su caso «{ $name }» ({ $reference }) forma parte de la Colección de Casos Prácticos de la convocatoria «{ $title }». Podrá seguir la Cumbre de Wuzhen en línea.
mail-outcome-not-selected = Gracias por presentar «{ $name }» ({ $reference }) a la convocatoria «{ $title }». Tras la evaluación internacional, no fue seleccionado para la Colección de este año. Esperamos volver a leer sobre su trabajo el año que viene.
mail-organizer-subject = Su acceso de organizador
mail-organizer-welcome = Ya puede actuar como organizador de la convocatoria «{ $title }».
mail-organizer-link = Su enlace personal de acceso, válido hasta el { $until } (no lo comparta; lo que haga con él queda registrado a su nombre):
mail-organizer-token = El texto que sigue a «#token=» es también su token para la API /admin (Authorization: Bearer). Si no esperaba este mensaje, avise a la secretaría.
mail-digest-subject = Resumen de la convocatoria: { $submitted } enviadas
mail-digest-so-far = La convocatoria hasta ahora (cierra el { $deadline }):
mail-digest-counts =
    Por estado: { $status }
    Enviadas, por área: { $area }
    Enviadas, por país líder: { $countries }
mail-digest-since = Desde el último resumen: { $submitted } enviadas, { $drafts } borradores nuevos, { $questions } preguntas que el bot no pudo responder (`casebook admin questions`), { $files } archivos rechazados.
mail-digest-nearly = Borradores casi terminados ({ $count }): { $names }
mail-round-digest-subject = Avance de la evaluación: { $done }/{ $due }
mail-round-digest = { $round } (hasta el { $ends }): { $done } de { $due } evaluaciones enviadas; { $cases ->
    [one] un caso aún sin ninguna evaluación enviada
   *[other] { $cases } casos aún sin ninguna evaluación enviada
}.
mail-round-digest-idle = Evaluadores que aún no han enviado nada ({ $count }): { $names }
mail-round-digest-details = Detalles: `casebook admin rounds progress N` o GET /admin/rounds/N.
chat-outcome-outstanding = ¡Enhorabuena! «{ $name }» ({ $reference }) es uno de los Casos Destacados. Tiene los detalles en su correo.
chat-outcome-collected = Buenas noticias: «{ $name }» ({ $reference }) forma parte de la Colección de Casos Prácticos. Tiene los detalles en su correo.
chat-outcome-not-selected = «{ $name }» ({ $reference }) no fue seleccionado este año. Gracias por participar; tiene los detalles en su correo.
