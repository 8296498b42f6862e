# Los errores de la API de los organizadores (la consola los muestra): cada uno dice qué
# falla y cómo arreglarlo. Los nombres de campos, las rutas y los comandos quedan tal cual.

admin-unknown-round = Esta convocatoria no tiene ronda de evaluación { $round }.
admin-round-path = No existe esa ronda de evaluación: use su número, p. ej., /admin/rounds/1.
admin-round-required = round es obligatorio: el número de la ronda, p. ej., ?round=1.
admin-rank-by = by debe ser normalized (por defecto) o raw.
admin-case-not-in-round = Ese caso no está en esta ronda: use un id de solicitud de la clasificación de la ronda.
admin-round-open = La ronda de evaluación { $round } sigue abierta: ciérrela primero (POST /admin/rounds/{ $round }/close), para que sus evaluaciones ya no cambien.
admin-earlier-round-undecided = La ronda { $round } aún no tiene decisiones, y la ronda siguiente evalúa los casos que selecciona. Decida primero la ronda { $round } (POST /admin/decisions).
admin-assignment-running = Esta ronda se está asignando ahora mismo. Inténtelo de nuevo en un minuto.
admin-unknown-reviewer = Ningún evaluador tiene este id.
admin-email-taken = Ya hay alguien registrado con este correo. Un evaluador de un año anterior se trae con `casebook admin reviewers carry`.
admin-unknown-organizer = Ningún organizador tiene este id.
admin-not-an-organizer = Solo un organizador activo puede hacer esto.
admin-sign-in-revoked = Este acceso fue revocado. Restablézcalo expresamente para enviar un enlace nuevo.
admin-last-organizer = No se puede revocar al último organizador activo: añada otro primero.
admin-question-not-found = Ninguna pregunta tiene este id.
admin-question-answered = { $by } ya respondió a esta pregunta ({ $at }); no se envió nada.
admin-cannot-reply = Desde aquí no se puede responder en un chat de { $channel }: escriba al contacto indicado y luego marque la pregunta como respondida sin respuesta.
admin-reply-empty = La respuesta está vacía: escríbala, u omita reply para marcar la pregunta como respondida.
admin-reply-too-long = La respuesta tiene { $chars } caracteres; un mensaje de chat admite como máximo { $max }.
admin-reply-failed = El chat no aceptó la respuesta (puede que la persona haya bloqueado el bot). La pregunta sigue abierta: inténtelo de nuevo o escriba al contacto indicado.
