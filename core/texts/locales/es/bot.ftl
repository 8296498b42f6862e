bot-done = Listo
bot-skip = Omitir
bot-submit = Enviar
bot-apply-now = Presentar candidatura
bot-switch-language = Idioma
bot-language-question = ¿En qué idioma prefiere hablar?
bot-welcome = ¡Hola! Soy el asistente de la convocatoria «{ $title }». Pregúnteme lo que quiera sobre la convocatoria o elija una pregunta abajo. { $status }
bot-open-until = Se aceptan candidaturas hasta el { $deadline }.
bot-closed-but-answering = Esta convocatoria cerró el { $deadline }, así que ya no se pueden enviar candidaturas, pero con gusto respondo a sus preguntas.
bot-closed-cannot-apply = Esta convocatoria cerró el { $deadline }, así que ya no se pueden enviar candidaturas. Aún puedo responder a sus preguntas.
bot-what-to-know = ¿Qué le gustaría saber?
bot-help =
    Escriba su pregunta con sus propias palabras, en cualquiera de los seis idiomas de la ONU, o use:
    /apply - rellenar una candidatura (o continuarla)
    /edit CAMPO - cambiar una respuesta
    /status - sus candidaturas
    /link - continuar en otro chat
    /start - empezar de nuevo
    /help - esta ayuda
    /language - elegir el idioma
    /cancel - detener lo que estamos haciendo
    /stop - no recibir más recordatorios
bot-help-paths = /attach RUTA - añadir un archivo a su candidatura
bot-help-documents = Envíe un archivo, una foto o un vídeo para añadirlo a su candidatura.
bot-unknown-command = No conozco esa orden. Esto es lo que puedo hacer:
bot-too-long = Ese mensaje es demasiado largo para mí: como máximo { $max } caracteres. Una sección de la candidatura puede tener hasta { $section_max }.
bot-stopped-draft = De acuerdo, nos detenemos. Su borrador se conserva: /apply lo retoma.
bot-stopped = De acuerdo, nos detenemos. ¿Qué hacemos ahora?
bot-will-answer-in = Le responderé en español.
bot-welcome-back = ¡Bienvenido de nuevo! Sigamos donde lo dejamos.
bot-trouble = Lo sentimos, algo ha fallado por nuestra parte. Inténtelo de nuevo en un momento.
bot-cannot-read-conversation = Lo siento, ahora mismo no puedo leer nuestra conversación anterior. Está guardada y no se ha perdido nada; se ha avisado a los organizadores. Inténtelo de nuevo más tarde.
bot-only-text = Lo siento, solo puedo leer texto, botones y archivos. Escriba su mensaje, por favor.
bot-file-over-telegram-limit = Este archivo supera los 20 MB, más de lo que Telegram me permite descargar. Envíe un archivo más pequeño o súbalo mediante el formulario web.
bot-not-understood = Lo siento, todavía no sé la respuesta. He pasado su pregunta a los organizadores. También puede escribir a { $contact } en { $email }.
bot-now-closed = La convocatoria ya está cerrada.
bot-wizard-intro = Rellenemos su candidatura, una pregunta cada vez. Puede parar en cualquier momento (/cancel) y seguir más tarde (/apply); no se pierde nada.
bot-sections-in-english = La convocatoria pide las cuatro secciones de la candidatura (la descripción del caso) en inglés, para el comité de evaluación internacional. Todo lo demás puede responderse en cualquier idioma, y yo seguiré hablándole en español.
bot-carry-on = Sigamos con su borrador.
bot-send-documents = Envíelos aquí de uno en uno: archivos, fotos o vídeos (aquí puedo descargar hasta { $max_mb } MB cada uno). Pulse Listo cuando los haya enviado todos, o si no tiene ninguno.
bot-send-paths = Escriba /attach y la ruta del archivo, un archivo cada vez, por ejemplo: /attach ~/Documents/brochure.pdf. Pulse Listo cuando los haya añadido todos, o si no tiene ninguno.
bot-attach-how = Escriba /attach y la ruta del archivo, por ejemplo: /attach ~/Documents/brochure.pdf
bot-cannot-read-file = No puedo leer { $path }: { $why }. Compruebe la ruta e inténtelo de nuevo.
bot-not-a-file = no es un archivo
bot-long-text-how = (Escriba o pegue el texto, en tantas líneas como necesite; termínelo con una línea que solo tenga un punto: .)
bot-choose-area = Elija una de estas áreas, por favor.
bot-partner-format = Escriba el socio como «Nombre, País», por ejemplo «Example Networks Kenya, Kenia».
bot-countries-listed = { $count ->
    [one] Un país o región: { $names }.
   *[other] { $count } países o regiones: { $names }.
}
bot-partner-added = { $count ->
    [one] Añadido: un socio hasta ahora. Envíe el siguiente o pulse Listo.
   *[other] Añadido: { $count } socios hasta ahora. Envíe el siguiente o pulse Listo.
}
bot-section-saved = Guardado: { $words ->
    [one] una palabra
   *[other] { $words } palabras
} (el límite es { $limit }).
bot-ask-practice-name = ¿Cómo se llama su práctica? ¡Destaque lo que la hace especial! Por ejemplo: «RuralStar: estaciones base solares para aldeas remotas».
bot-ask-lead-name = ¿Qué organización lidera la práctica?
bot-ask-lead-country = ¿En qué país o región tiene su sede la organización líder? (Su nombre en cualquiera de los seis idiomas de la ONU, o un código como CN.)
bot-ask-partners = ¿Qué otras organizaciones participan? Envíe una por mensaje como «Nombre, País», por ejemplo «Example Networks Kenya, Kenia». Las candidaturas conjuntas obtienen mejor puntuación. Pulse Listo cuando las haya enumerado todas.
bot-ask-countries = ¿En qué países o regiones se lleva a cabo la práctica? Enumérelos todos, separados por comas: al menos 2. Por ejemplo: China, Kenia, Brasil.
bot-ask-area = ¿Qué área se ajusta mejor a su caso?
bot-ask-contact-name = ¿Quién es la persona de contacto? (Nombre completo.)
bot-ask-contact-email = ¿Cuál es el correo electrónico de la persona de contacto?
bot-ask-collecting-organization = ¿Alguna organización ayudó a reunir este caso (para el Premio a la Excelencia en la Organización)? Indique su nombre o pulse Omitir.
bot-ask-section = { $title }: escríbala en inglés, con { $limit } palabras como máximo. Empiece cada párrafo con un breve título que lo resuma: en una línea aparte, o unas palabras y dos puntos («Origins: ...»).
bot-ask-attachments = Archivos de apoyo (opcional): un folleto, fotos, diapositivas o un vídeo corto ayudan a los expertos a ver su caso. Se aceptan: { $types }; como máximo { $max_files } archivos, { $max_total_mb } MB en total.
bot-your-application = Su candidatura:
bot-not-given = (sin indicar)
bot-word-total = { $words ->
    [one] una palabra
   *[other] { $words } palabras
}
bot-label-practice-name = Nombre de la práctica
bot-label-lead = Organización líder
bot-label-partners = Socios
bot-label-countries = Países
bot-label-area = Área
bot-label-contact = Contacto
bot-label-collecting = Organización recopiladora
bot-label-files = Archivos
bot-ready-to-submit = Todo está listo. ¿La enviamos?
bot-still-to-fix = Falta corregir antes de enviar:
bot-edit-name = Editar nombre
bot-edit-lead = Editar organización líder
bot-edit-lead-country = Editar país de la líder
bot-edit-partners = Editar socios
bot-edit-countries = Editar países
bot-edit-area = Editar área
bot-edit-background = Editar antecedentes
bot-edit-cooperation = Editar cooperación
bot-edit-modalities = Editar modalidades
bot-edit-benefits = Editar beneficios
bot-edit-contact-name = Editar contacto
bot-edit-email = Editar correo
bot-edit-collecting = Editar organización recopiladora
bot-add-files = Añadir archivos
bot-which-answer = ¿Qué respuesta quiere cambiar?
bot-nothing-to-edit = Todavía no hay ninguna candidatura que editar: /apply empieza una.
bot-nothing-to-submit = Todavía no hay nada que enviar: /apply empieza una candidatura.
bot-submitted = ¡Enviada! Su referencia es { $reference }. Consérvela para cualquier consulta sobre su candidatura. Expertos internacionales evalúan los casos { $period }. ¡Gracias por participar!
bot-confirmation-pending = (Aún no se ha podido enviar el correo de confirmación; lo volveremos a intentar. Su candidatura está enviada: conserve la referencia de arriba.)
bot-confirmation-held = (Esta dirección ya ha recibido hoy varios mensajes nuestros, así que su confirmación llegará mañana. Su candidatura está enviada: conserve la referencia de arriba.)
bot-not-yet = Todavía no: corrija primero lo siguiente.
bot-apply-before-files = Empiece primero una candidatura (/apply) y luego envíe el archivo para añadirlo.
bot-files-only-in-drafts = Solo se pueden añadir archivos mientras la candidatura es un borrador.
bot-file-not-added = Lo siento, ahora mismo no se ha podido añadir el archivo. Inténtelo de nuevo.
bot-file-added = Se ha añadido { $filename } a su candidatura.
bot-files-so-far = { $count ->
    [one] Un archivo hasta ahora. Envíe otro o pulse Listo.
   *[other] { $count } archivos hasta ahora. Envíe otro o pulse Listo.
}
bot-nothing-to-link = Todavía no hay ninguna candidatura que continuar en otro lugar: /apply empieza una.
bot-link-code = Su código es { $code }. En el otro chat, envíe /link { $code } en menos de { $minutes } minutos para continuar allí con esta candidatura (o use el código en POST /link de la API web). Solo sirve una vez.
bot-link-invalid = Este código no es válido o ha caducado. Envíe /link en el otro chat para obtener uno nuevo.
bot-linked = ¡Vinculado! Su candidatura ya está aquí: /apply la retoma.
bot-no-applications = Todavía no tiene candidaturas: /apply empieza una.
bot-your-applications = Sus candidaturas:
bot-earlier-applications = ¡Bienvenido de nuevo! Sus candidaturas a convocatorias anteriores se conservan. Empecemos su candidatura de { $year }.
bot-earlier-draft-closed = La convocatoria de { $year } ha cerrado, así que ese borrador ya no puede enviarse; sigue en /status. Envíe /apply para empezar su candidatura de { $open }.
bot-no-name-yet = (todavía sin nombre)
bot-reminders-stopped = Hecho: no habrá más recordatorios aquí, ni por correo sobre los borradores de este chat. Sus borradores siguen como están; /apply los retoma cuando quiera.
bot-organizers-answer = Los organizadores responden a su pregunta
bot-private-only = Ayudo con las solicitudes solo en un chat privado, para que su borrador siga siendo suyo. Toque mi nombre y elija «Mensaje» para empezar.
bot-files-elsewhere = Aquí no se pueden añadir archivos. Envíe /link para obtener un código y añádalos en la web o en Telegram.
bot-more = Responda { $key } para ver más.
