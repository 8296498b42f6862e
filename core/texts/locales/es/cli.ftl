# Lo que dice el comando `casebook` (su salida y sus errores) con --lang es. Los comandos,
# opciones, nombres de archivo y el JSON quedan tal cual. La ayuda (--help) está en inglés.

cli-cannot-read = no se puede leer { $path }
cli-built-in = incorporada
cli-campaign-invalid = { $path } no es un archivo de convocatoria válido
cli-campaign-installed = Instalada la convocatoria { $year } ({ $title }, fecha límite { $deadline }).
cli-campaign-replaced = Reemplazada la convocatoria { $year } ({ $title }, fecha límite { $deadline }).
cli-campaign-not-open-yet = No acepta solicitudes hasta que se abra: casebook campaign open { $year }
cli-campaign-installed-at = instalada el { $at }
cli-campaign-given = indicada: { $path }
cli-campaign-open-mark = abierta
cli-campaign-none-open = No hay ninguna convocatoria abierta: casebook campaign open AÑO abre una.
cli-campaign-not-installed = no hay ninguna convocatoria { $year } instalada: instale primero su archivo (casebook campaign install FILE)
cli-campaign-opened = La convocatoria { $year } está abierta: solicitudes hasta el { $deadline } (hora de { $zone }). El bot, los recordatorios y las nuevas solicitudes la siguen.
cli-campaign-earlier-refused = { $count ->
    [one] { $count } caso seleccionado en años anteriores se rechaza por su nombre
   *[other] { $count } casos seleccionados en años anteriores se rechazan por su nombre
} (abrir de nuevo la convocatoria los vuelve a reunir).
cli-campaign-earlier-not-refused = { $count ->
    [one] { $count } caso seleccionado en años anteriores no se rechaza por su nombre
   *[other] { $count } casos seleccionados en años anteriores no se rechazan por su nombre
}: instale el archivo { $year } (casebook campaign install FILE) y ábralo de nuevo.
cli-campaign-closed = No hay ninguna convocatoria abierta: las solicitudes se rechazan hasta casebook campaign open AÑO.
cli-texts-problems = los archivos de recursos ({ $from }) tienen { $count ->
    [one] un problema
   *[other] { $count } problemas
}:
cli-campaign-valid = { $path } es un archivo de convocatoria válido: convocatoria { $year }, { $areas } áreas, fecha límite { $deadline } ({ $zone }), en los seis idiomas.
cli-texts-valid = Los archivos de recursos ({ $from }): { $files } archivos, cada idioma con todos los mensajes.
cli-show-organizer = Organizador: { $name }
cli-show-open = abierta
cli-show-closed = cerrada
cli-show-deadline = Fecha límite: { $deadline } (fin del día, { $zone }) - { $status }
cli-show-schedule = Calendario:
cli-show-areas = Áreas:
cli-show-sections = Secciones (límite de palabras):
cli-show-review = Evaluación:
cli-show-criterion = { $title } ({ $low }-{ $high }, peso { $weight })
cli-show-conflict-involved = nunca un caso que implique al país o la organización del evaluador
cli-show-conflict-lead = nunca un caso liderado desde el país o la organización del evaluador
cli-show-reviewers-per-case = Evaluadores por caso y ronda: { $count }; { $rule }
cli-show-selection = Selección (Colección / destacados): { $collected } / { $outstanding }
cli-show-countries = Países requeridos: { $count }
cli-show-earlier = Casos de años anteriores: { $count }
cli-show-faq = Temas de las preguntas frecuentes: { $topics }
cli-show-contact = Contacto: { $name } <{ $email }>
cli-not-a-reviewer-id = { $given } no es un id de evaluador: copie uno de `casebook admin reviewers list`
cli-reviewer-carried = { $name } ({ $email }), se le envió un enlace nuevo:
cli-reviewers-carried = { $carried ->
    [one] Se trajo { $carried } evaluador
   *[other] Se trajeron { $carried } evaluadores
} de { $from } a { $year }; { $already } ya evaluaban en { $year }; { $revoked } revocados, se quedaron atrás.
cli-reviewer-new-link = Un enlace nuevo para { $name } (enviado por correo; el anterior ya no funciona):
cli-reviewer-registered = Registrado { $name } ({ $email }), id { $id }.
cli-reviewer-sign-in-link = Enlace de acceso (enviado por correo; manténgalo privado):
cli-reviewers-none = Aún no hay evaluadores para { $year }: añada uno con `casebook admin reviewers add`, o traiga los de un año anterior con `casebook admin reviewers carry --from YEAR`.
cli-reviewer-load = { $assigned } asignados, { $submitted } entregados
cli-revoked-mark = (revocado)
cli-reviewer-revoked = El enlace de { $name } ya no funciona. `casebook admin reviewers link { $id }` da uno nuevo.
cli-round-assigned = Ronda { $round }: { $assigned ->
    [one] { $assigned } asignación nueva
   *[other] { $assigned } asignaciones nuevas
}; cada evaluador tiene de { $min } a { $max } casos; { $mails ->
    [one] { $mails } correo enviado
   *[other] { $mails } correos enviados
}.
cli-not-fully-assigned = asignación incompleta: { $reference }: { $reason }
cli-reviewed-again = aviso: { $reference } vuelve a { $name }, que lo evaluó en una ronda anterior (muy pocos otros evaluadores están libres de conflicto)
cli-round-no-conflicts = Ronda { $round }: cada evaluador activo puede evaluar cada caso.
cli-round-conflicts = Ronda { $round }: { $pairs ->
    [one] { $pairs } par se mantiene separado
   *[other] { $pairs } pares se mantienen separados
}.
cli-round-progress = Ronda { $round }: { $done } de { $due } evaluaciones entregadas.
cli-round-closed = La ronda { $round } está cerrada (desde { $since }): sus evaluaciones ya no pueden cambiar. Vea `casebook admin rankings --round { $round }`.
cli-round-not-closed = la ronda { $round } no está cerrada: no hay nada que reabrir
cli-round-reopened = La ronda { $round } está abierta de nuevo; el motivo está en el registro de auditoría.
cli-rank-by = --by: use normalized (por defecto) o raw
cli-ranking-head = Ronda { $round } clasificada por el total { $by }; se proponen los { $size } primeros.
cli-ranking-head-open = Ronda { $round } clasificada por el total { $by } (la ronda está abierta: las evaluaciones aún pueden cambiar); se proponen los { $size } primeros.
cli-ranking-columns = pos  referencia      total  norm.  evals    propuesta     caso
cli-ranking-tie = empate
cli-ranking-incomplete = incompleto
cli-ranking-disagree = evaluadores en desacuerdo
cli-decide-what = diga qué decidir: --accept-proposal, o --case REF [--case REF ...] --decision D [--reason R]
cli-decide-which = --decision: use { $first } o { $second } en la ronda { $round }
cli-decide-not-a-case = --case: { $case } no es un caso de la ronda { $round }: vea `casebook admin rankings --round { $round }`
cli-decided = Ronda { $round }: { $count ->
    [one] { $count } decisión registrada
   *[other] { $count } decisiones registradas
} ({ $summary }), cada una en el registro de auditoría.
cli-decisions-none = Aún no hay decisiones: vea `casebook admin decide --help`.
cli-decision-proposed = (propuesta: { $proposed })
cli-audit-round-closed = cerró la ronda { $round }
cli-audit-round-reopened = reabrió la ronda { $round }: { $reason }
cli-audit-decided = ronda { $round }: { $reference } { $decision }
cli-audit-announced = anunció { $decided } decisiones: { $mails } correos, { $chats } mensajes de chat, { $failed } fallidos
cli-audit-round-assigned = asignó la ronda { $round }: { $assigned } asignaciones nuevas
cli-audit-exported = exportó { $rows } solicitudes en { $format }
cli-audit-published = publicó { $cases } casos
cli-audit-reviewer-added = añadió al evaluador { $name }
cli-audit-reviewer-revoked = revocó al evaluador { $name }
cli-audit-reviewer-link = envió un enlace nuevo al evaluador { $name }
cli-audit-reviewer-reinstated = envió un enlace nuevo al evaluador { $name } (restablecido)
cli-audit-reviewers-carried = trajo { $carried } evaluadores de { $from }, cada uno con un enlace nuevo
cli-audit-organizer-added = añadió al organizador { $name }
cli-audit-first-organizer-added = añadió al organizador { $name } (el primero)
cli-audit-organizer-revoked = revocó al organizador { $name }
cli-audit-organizer-link = envió un enlace nuevo al organizador { $name }
cli-audit-organizer-reinstated = envió un enlace nuevo al organizador { $name } (restablecido)
cli-stats-deadline = Fecha límite: { $deadline } ({ $days ->
    [0] cerrada
    [one] queda { $days } día
   *[other] quedan { $days } días
})
cli-stats-busiest = Envíos en { $days ->
    [one] { $days } día
   *[other] { $days } días
}; el de más envíos, { $day }, tuvo { $count }.
cli-stats-by-status = Por estado: { $counts }
cli-stats-by-area = Por área: { $counts }
cli-stats-countries = Países participantes ({ $count }): { $counts }
cli-stats-collectors = Organizaciones recolectoras (Excelencia en la Organización):
cli-stats-no-collectors = ninguna nombrada aún
cli-stats-collector = { $credited } acreditados, { $collected } seleccionados, { $outstanding } destacados
cli-default-address = los enlaces apuntan a { $url }, la dirección por defecto, porque no hay ningún `casebook serve` de { $dir } en marcha: arránquelo primero, o ponga en CASEBOOK_PUBLIC_URL la dirección a la que la gente accede a casebook
cli-no-data-dir = no hay carpeta de datos en { $dir }: pase --data-dir (o CASEBOOK_DATA_DIR) como para `casebook serve`
cli-no-organizer-yet = aún no hay ningún organizador activo: añádase primero con `casebook admin organizers add --name NAME --email EMAIL` y luego ejecute esto con --as EMAIL
cli-as-required = --as: diga quién es (su correo en `casebook admin organizers list`); este comando cambia la convocatoria y el registro de auditoría lo guarda a su nombre
cli-as-unknown = --as { $email }: ningún organizador activo tiene este correo (vea `casebook admin organizers list`)
cli-case-not-in-round = --case no es un caso de la ronda { $round }: vea `casebook admin rankings --round { $round }`
cli-reviewer-email-taken = --email: ya hay un evaluador registrado con este correo (vea `casebook admin reviewers list`; uno de un año anterior se trae con `casebook admin reviewers carry --from YEAR`)
cli-organizer-email-taken = --email: ya hay un organizador registrado con este correo (vea `casebook admin organizers list`)
cli-reviewer-still-revoked = el acceso de este evaluador fue revocado: añada --reinstate para darle igualmente un enlace nuevo
cli-organizer-still-revoked = el acceso de este organizador fue revocado: añada --reinstate para darle igualmente un enlace nuevo
cli-unknown-reviewer = ningún evaluador tiene este id (vea `casebook admin reviewers list`)
cli-unknown-organizer = ningún organizador tiene este id (vea `casebook admin organizers list`)
cli-actor-required = --as: el registro ya tiene organizadores, así que diga quién añade a este (su correo en `casebook admin organizers list`)
cli-last-organizer = es el último organizador activo: añada otro antes de revocarlo
cli-unknown-round = la convocatoria no tiene ronda de evaluación { $round } (vea `casebook campaign show`)
cli-round-open = la ronda { $round } sigue abierta: ciérrela primero con `casebook admin rounds close { $round }`
cli-earlier-round-undecided = la ronda { $round } aún no tiene decisiones, y la ronda siguiente evalúa los casos que selecciona: decídala primero (`casebook admin rankings --round { $round }`, luego `casebook admin decide --round { $round } --accept-proposal` o `--case REF --decision collected`)
cli-assignment-running = otra ejecución está asignando la ronda ahora mismo; inténtelo de nuevo en un minuto
cli-announcing = anunciando
cli-exporting = exportando
cli-publishing = publicando
cli-announced = { $decided ->
    [one] { $decided } solicitud decidida ya muestra su resultado
   *[other] { $decided } solicitudes decididas ya muestran su resultado
}: { $mails } correos y { $chats } mensajes de chat enviados, { $before } enviados antes, { $failed } fallidos (ejecute de nuevo para reintentar), { $undecided } sin decidir aún.
cli-not-sent = no enviado: { $reference }
cli-cannot-write = --out: no se puede escribir { $path }: { $error }
cli-exported = { $rows ->
    [one] Se escribió { $rows } solicitud
   *[other] Se escribieron { $rows } solicitudes
} en { $path }.
cli-export-extension = --out: un archivo .{ $extension } no es ni .csv ni .xlsx; nómbrelo así, o diga --format csv|xlsx
cli-export-mismatch = --format { $format } no coincide con --out { $path }: nombre el archivo .{ $format } u omita --format
cli-export-xlsx-where = --out: diga dónde escribir el archivo XLSX, p. ej., --out casebook-export.xlsx
cli-published = { $cases ->
    [one] Se publicó { $cases } caso
   *[other] Se publicaron { $cases } casos
}, { $outstanding } de ellos destacados, en { $path } (abra index.html).
cli-out-unreadable = --out: no se puede leer { $path }
cli-out-not-empty = --out: { $path } no está vacía y no contiene una publicación anterior: elija una carpeta nueva
cli-cannot-replace = no se puede reemplazar { $path }
cli-out-cannot-create = --out: no se puede crear { $path }
cli-cannot-create = no se puede crear { $path }
cli-cannot-write-file = no se puede escribir { $path }
cli-since = --since { $given } no es ni un día como 2024-05-01 ni un instante como 2024-05-01T09:00:00+08:00
cli-reading-questions = leyendo las preguntas
cli-answer-unknown = --answer { $id }: ninguna pregunta tiene este id; `casebook admin questions` las lista con el suyo
cli-answer-ambiguous = --answer { $id }: varias preguntas empiezan así; dé más del id
cli-reply-unreachable = --reply: desde aquí no se puede escribir en un chat de { $channel }; escriba a la persona por otra vía y márquela como respondida sin --reply
cli-reply-unreachable-telegram = --reply: desde aquí no se puede escribir en un chat de telegram (ponga TELEGRAM_BOT_TOKEN); escriba a la persona por otra vía y márquela como respondida sin --reply
cli-reply-empty = --reply: la respuesta está vacía; omita --reply para marcar la pregunta como respondida
cli-reply-too-long = --reply: la respuesta tiene { $chars } caracteres; un mensaje de chat admite como máximo { $max }
cli-marked-answered = Marcada como respondida: { $question }
cli-marked-answered-replied = Marcada como respondida, la respuesta escrita en el chat: { $question }
cli-questions-none = No hay preguntas en espera: el bot respondió a todo.
cli-questions-waiting = { $count ->
    [one] { $count } pregunta
   *[other] { $count } preguntas
} que el bot no pudo responder (hora de { $zone }):
cli-answered-by = (respondida por { $name })
cli-running-reminders = ejecutando los recordatorios
cli-nothing-due = No vence nada el { $day } ({ $zone }).
cli-due-on = Vence el { $day }: { $milestones }
cli-reminder-sent = enviado
cli-reminder-would-send = se enviaría
cli-reminders-sent = { $sent } enviados, { $earlier } enviados antes, { $opted_out } dados de baja, { $failed } fallidos (se reintentan en la próxima ejecución).
cli-reminders-would-send = { $sent } se enviarían, { $earlier } enviados antes, { $opted_out } dados de baja, { $failed } fallidos (se reintentan en la próxima ejecución).
cli-reminder-failed = fallido
cli-reminders-failed = { $count ->
    [one] { $count } recordatorio no se pudo enviar
   *[other] { $count } recordatorios no se pudieron enviar
}
cli-not-an-organizer-id = { $given } no es un id de organizador: copie uno de `casebook admin organizers list`
cli-organizer-registered = Registrado el organizador { $name } ({ $email }), id { $id }.
cli-organizer-sign-in-link = Enlace de acceso, válido hasta { $until } (enviado por correo; manténgalo privado; el texto tras #token= es el token bearer de la API /admin):
cli-first-organizer = Es el primer organizador: ejecute los comandos que cambian la convocatoria con --as { $email }.
cli-organizers-none = Aún no hay organizadores: añádase con `casebook admin organizers add --name NAME --email EMAIL`.
cli-organizer-revoked = El acceso de { $name } ya no funciona. `casebook admin organizers link { $id } --reinstate` lo devuelve.
cli-organizer-new-link = Un enlace nuevo para { $name }, válido hasta { $until } (enviado por correo; el anterior ya no funciona):
cli-backup-on-aws = la copia de seguridad copia la carpeta de datos de una máquina; en AWS la tabla tiene recuperación a un momento dado y el bucket, control de versiones (vea infra/README.md)
cli-backup-no-data = no hay datos de casebook en { $dir }: pase --data-dir (o CASEBOOK_DATA_DIR) como para `casebook serve`
cli-backup-exists = { $path } ya existe: dé a --out un nombre de archivo nuevo (no se sobrescribió nada)
cli-temporary-directory = una carpeta temporal
cli-copying-database = copiando la base de datos
cli-writing = escribiendo { $path }
cli-moving-archive = moviendo el archivo a { $path }
cli-backed-up = Copia de { $applications } solicitudes ({ $submitted } enviadas) y { $files } archivos en { $path } ({ $mb } MB). Contiene las claves de firma y datos personales: guárdela donde solo usted pueda leerla.
cli-files-archived = casebook: { $done } de { $total } archivos archivados
cli-restore-not-empty = { $path } no está vacía: restaure en una carpeta nueva o vacía y apunte --data-dir (o CASEBOOK_DATA_DIR) a ella (no se cambió nada)
cli-opening = abriendo { $path }
cli-not-a-backup = { $path } no es un archivo escrito por `casebook admin backup`
cli-backup-no-manifest = { $path } no tiene { $manifest }: no es una copia de casebook
cli-reading-manifest = leyendo el manifiesto de la copia
cli-backup-format = esta copia tiene el formato { $format } (casebook { $version }); este casebook lee el formato { $reads }
cli-beside-target = una carpeta junto al destino
cli-archive-outside = el archivo nombra un fichero fuera de su carpeta ({ $name }): rechazado
cli-archive-unexpected = el archivo nombra una ruta inesperada ({ $name }): rechazado
cli-moving-restored = moviendo los datos restaurados a { $path }
cli-restore-mismatch = la base restaurada tiene { $applications } solicitudes ({ $submitted } enviadas), la copia decía { $said_applications } ({ $said_submitted }): conserve el archivo e informe de ello
cli-restored = Restauradas { $applications } solicitudes ({ $submitted } enviadas) y { $files } archivos desde { $archive } (copia del { $at }) en { $path }. Arránquelo con: casebook serve --data-dir { $path }
cli-clock-now-flag = reloj de ensayo: aquí son las { $now } (--now, solo este comando)
cli-clock-rehearsal = reloj de ensayo: aquí son las { $now } (puesto con `casebook rehearse`; `casebook rehearse --off` vuelve al reloj real)
cli-rehearsing = Ensayo: el reloj de la convocatoria marca { $now } y avanza desde ahí, para cada comando y un `casebook serve` en marcha sobre { $place }. Los enlaces de acceso siguen caducando según el reloj real. `casebook rehearse --off` vuelve al reloj real.
cli-real-clock = La convocatoria sigue el reloj real ({ $now }) sobre { $place }. `casebook rehearse --at TIME` pone un reloj de ensayo.
cli-cannot-listen = no se puede escuchar en { $addr } (¿hay otro casebook en marcha? pruebe --addr 127.0.0.1:0)
cli-reading-address = leyendo la dirección de escucha
cli-serving = sirviendo HTTP
cli-chat-intro = (casebook chat: escriba una pregunta, un número para pulsar un botón, o /quit para salir)
cli-reading-terminal = leyendo la terminal
cli-starting-runtime = iniciando el entorno asíncrono
cli-error = error: { $message }
cli-because = porque: { $cause }
cli-aws-using = usando { $endpoint } en la región { $region }
cli-aws-no-region = (ninguna: AWS_REGION)
cli-aws-bucket-skipped = bucket: omitido (CASEBOOK_BUCKET no está definido)
cli-aws-sender-verified = remitente { $from }: ya verificado
cli-aws-sender-requested = remitente { $from }: verificación solicitada (en AWS, abra el enlace que SES le envió)
cli-aws-sender-skipped = remitente: omitido (CASEBOOK_MAIL_FROM no está definido)
cli-aws-created = { $kind } { $name }: creado
cli-aws-already-there = { $kind } { $name }: ya existe
cli-campaign-untranslated = A { $path } le { $count ->
    [one] falta un texto
   *[other] faltan { $count } textos
} en árabe (ar), francés (fr), ruso (ru) o español (es); cada texto que alguien lee se da en ar, en, es, fr, ru y zh:
cli-and-more = y { $count } más
cli-too-many-resource-files = { $dir } contiene más de { $max } archivos .ftl: ¿es la carpeta correcta?
cli-resource-file-too-large = { $path } supera 1 MiB: un archivo de recursos tiene unos pocos KiB de mensajes
cli-text-unknown-language = { $language }/: no es uno de los seis idiomas (ar, en, es, fr, ru, zh); cambie el nombre de la carpeta o elimínela
cli-text-missing-language = { $language }/: falta; copie en/ a { $language }/ y tradúzcalo
cli-text-missing-file = { $language }/{ $file }: falta; copie en/{ $file } y tradúzcalo
cli-text-extra-file = { $language }/{ $file }: en/ no tiene ese archivo; elimínelo o añádalo antes a en/
cli-text-syntax = { $language }/{ $file }:{ $line }: { $error }
cli-text-missing-message = { $language }/{ $file }: falta el mensaje { $id }; tradúzcalo de en/{ $file }
cli-text-extra-message = { $language }/{ $file }: el mensaje { $id } no está en en/{ $file }; elimínelo o revise su nombre
cli-text-unknown-variable = { $language }/{ $file }: el mensaje { $id } usa ${ $variable }, que en/{ $file } no le da; use las variables del mensaje en inglés
