api-invalid-if-match = If-Match debe ser un número de versión como "3", no { $given }.
api-body-too-large = El cuerpo de la solicitud supera { $kib } KiB. Envíe menos texto cada vez.
api-missing-body = Falta el cuerpo: envíe un objeto JSON con los campos que quiere cambiar.
api-unsupported-media-type = El cuerpo debe ser JSON, enviado con `Content-Type: application/json` (se recibió { $given }).
api-not-an-object = El cuerpo debe ser un objeto JSON: `{"{"}"campo": valor, ...{"}"}`.
api-malformed-json = El cuerpo no es JSON válido ({ $detail }). Revise comillas, comas y corchetes.
api-unknown-field = `{ $field }` no es un campo de esta solicitud: { $detail }.
api-invalid-value = `{ $field }`: { $detail }.
api-internal = Algo ha fallado por nuestra parte. Inténtelo de nuevo en un momento.
api-not-found = Ninguna candidatura coincide con este identificador y este token de edición. Compruebe ambos: el token es el que se devolvió al crear el borrador.
api-version-mismatch = La candidatura ha cambiado desde la versión { $version }. Léala de nuevo y repita su cambio con la nueva versión en If-Match.
api-not-editable = Esta candidatura está { $status } y ya no se puede editar; solo se pueden editar los borradores.
api-incomplete = La candidatura aún no se puede enviar.
api-incomplete-one = La candidatura aún no se puede enviar: { $problem }
api-incomplete-many = La candidatura aún no se puede enviar: hay { $count } cosas que corregir. La primera: { $problem }
api-withdrawn = Esta candidatura se retiró y no se puede enviar. Cree un borrador nuevo para presentarse otra vez.
api-not-withdrawable = Esta candidatura está { $status } y ya no se puede retirar. Contacte con los organizadores.
api-link-code-invalid = Este código no es válido: un código sirve una vez, durante { $minutes } minutos. Envíe /link en el chat para obtener uno nuevo.
api-busy = Demasiados cambios al mismo tiempo. Inténtelo de nuevo.
api-too-many-mails = Esta dirección ya ha recibido hoy todos los correos que podemos enviarle. Use el enlace ya enviado o inténtelo mañana.
api-mail-unavailable = Ahora mismo no se puede enviar ningún correo. Inténtelo más tarde o continúe en un chat con un código.
api-attachment-not-found = No hay ningún adjunto con este identificador en esta candidatura.
api-not-uploaded = El archivo aún no ha llegado. Súbalo primero con la autorización y luego complete.
api-not-verified = Este adjunto está { $status }, así que no se puede descargar.
api-grant-expired = Este enlace de subida ha caducado. Pida uno nuevo.
api-grant-used = Este enlace de subida ya se usó. Pida uno nuevo.
api-unauthorized = Este enlace de acceso o token no es válido (puede haber caducado o haberse sustituido). Pida uno nuevo a los organizadores.
api-case-not-found = No hay ningún caso con este identificador entre sus asignaciones.
api-version-required = Ya guardó esta evaluación: envíe su versión como `If-Match: "<versión>"`, para no sobrescribir un cambio hecho en otro dispositivo.
api-review-changed = Esta evaluación se cambió en otro lugar (ahora está en la versión { $version }). Vuelva a cargarla y guarde de nuevo.
api-round-closed = La ronda de evaluación { $round } ha cerrado: sus evaluaciones ya no pueden cambiar.
api-conflict-declared = Declaró un conflicto de intereses en este caso, así que ya no le corresponde evaluarlo.
api-already-submitted = Su evaluación de este caso ya está enviada; escriba a los organizadores en su lugar.
api-missing-token = Hace falta el token de edición devuelto al crear el borrador: envíelo como `Authorization: Bearer <token>`.
api-missing-sign-in = Hace falta el token de su enlace de acceso: envíelo como `Authorization: Bearer <token>`.
api-missing-field = Falta `{ $field }`: añádalo al cuerpo JSON.
api-question-empty = La pregunta está vacía: escriba lo que le gustaría saber.
api-question-too-long = La pregunta tiene { $chars } caracteres; como máximo { $max }. Acórtela, por favor.
api-conflict-thanks = Gracias. El caso pasará a otro evaluador.
api-missing-if-match = Envíe la versión que cambia como `If-Match: "<versión>"` (el ETag de su última lectura), para no sobrescribir cambios hechos en otro lugar.
api-nothing-here = No hay nada en esta dirección.
api-method-not-allowed = Esta dirección no acepta ese método. Consulte la API en el README.
api-transfer-link-invalid = Este enlace no es válido. Use la dirección exactamente como la dio casebook.
api-transfer-link-expired = Este enlace ha caducado. Pida uno nuevo.
api-upload-interrupted = La subida se interrumpió. Inténtelo de nuevo.
api-file-gone = Este archivo ya no se guarda.
api-upload-size-mismatch = Este enlace acepta exactamente { $declared ->
    [one] { $declared } byte
   *[other] { $declared } bytes
}, y se { $got ->
    [one] envió { $got }
   *[other] enviaron { $got }
}. Suba el archivo que declaró.
api-upload-type-mismatch = Este enlace acepta { $expected }, y la subida indica { $sent }. Envíe el Content-Type que dio la autorización.
api-link-code-how = Envíe /link { $code } al bot en los próximos { $minutes } minutos. El código sirve una sola vez.
