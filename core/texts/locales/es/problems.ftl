field-practice-name = El nombre de la práctica
field-lead = La organización líder
field-lead-country = El país de la organización líder
field-partners = Los socios
field-partner-name = El nombre del socio { $n }
field-partner-country = El país del socio { $n }
field-countries = Los países participantes
field-country = El país { $n }
field-area = El área
field-contact-name = El nombre de la persona de contacto
field-contact-email = El correo de contacto
field-collecting = La organización recopiladora
field-deadline = La fecha límite
problem-missing = Falta un dato: { $label }. Rellénelo, por favor.
problem-too-few-countries = El caso debe llevarse a cabo en al menos { $min } países o regiones; { $count ->
    [one] solo se indica uno
   *[other] se indican { $count }
}. Añada todos los países donde se aplica.
problem-country-not-listed = { $label } es { $country } ({ $code }), que no está entre los países participantes. Añádalo a los países o corrija el país de la organización.
problem-too-many-words = { $label } tiene { $words } palabras; el límite es { $limit }. Acórtelo en { $over ->
    [one] una palabra
   *[other] { $over } palabras
}.
problem-too-few-words = { $label } tiene { $words ->
    [one] una palabra
   *[other] { $words } palabras
}; escriba al menos { $min } para que los evaluadores entiendan el caso.
problem-not-english = { $label } no parece estar en inglés. El comité de evaluación es internacional: escríbalo en inglés, por favor.
problem-already-collected-in = «{ $earlier }» fue seleccionado para la Colección de Casos Prácticos de { $year }, así que no puede presentarse de nuevo. Si se trata de otro caso, dele un nombre propio.
problem-already-collected = «{ $earlier }» ya figura en una Colección de Casos Prácticos anterior, así que no puede presentarse de nuevo. Si se trata de otro caso, dele un nombre propio.
problem-call-closed = Los organizadores han cerrado la convocatoria: ahora no se puede enviar ninguna candidatura. La próxima convocatoria se anunciará en el sitio de los organizadores.
problem-deadline-passed = La convocatoria cerró el { $deadline } (al final del día, hora de { $zone }). Ya no se pueden enviar candidaturas.
problem-missing-heading = En { $label }, { $count ->
    [one] el párrafo { $paragraphs } no tiene
   *[other] los párrafos { $paragraphs } no tienen
} título. Empiece cada párrafo con un breve título que lo resuma: en una línea aparte, o unas palabras y dos puntos («Origins: ...»).
problem-no-partners = No se indica ninguna organización socia. Las candidaturas conjuntas con socios internacionales obtienen mejor puntuación.
problem-unknown-area = «{ $given }» no es un área de esta convocatoria. Elija una de: { $areas }.
problem-too-many-drafts = Esta dirección de correo ya tiene { $max } borradores sin enviar, el máximo por dirección. Envíe o retire uno de ellos, o indique otra dirección.
problem-invalid-email = «{ $given }» no es una dirección de correo válida. Escríbala como nombre@example.org.
problem-no-letter = «{ $given }» no es un nombre. { $label } necesita al menos una letra.
problem-too-long = { $label } tiene { $chars } caracteres; se aceptan { $max } como máximo. Acórtelo, por favor.
problem-too-many = { $label } enumera { $count } elementos; se aceptan { $max } como máximo.
problem-unknown-country-suggest = «{ $given }» no es un país o región que conozcamos. ¿Quiso decir { $name } ({ $code })?
problem-unknown-country = «{ $given }» no es un país o región que conozcamos. Escriba su nombre en cualquiera de los seis idiomas de la ONU, o su código ISO, por ejemplo Kenia o KE.
attachment-type-mismatch = El archivo se declaró como { $declared }, pero su contenido es { $detected }. Se ha eliminado: súbalo de nuevo con su tipo real.
attachment-type-unknown = El archivo se declaró como { $declared }, pero su contenido no lo es. Se ha eliminado: suba un archivo { $declared } auténtico.
attachment-size-mismatch = El archivo se declaró con { $declared } bytes, pero llegaron { $actual } bytes. Se ha eliminado: súbalo de nuevo.
attachment-type-not-allowed = No se aceptan archivos del tipo «{ $content_type }». Se aceptan: { $accepted }.
attachment-name-too-long = El nombre del archivo supera los { $max } caracteres: acórtelo.
attachment-empty = El archivo está vacío: indique su tamaño en bytes.
attachment-too-large = El archivo ocupa { $size }; los archivos de este tipo pueden ocupar como máximo { $max }.
attachment-too-many-files = Una candidatura puede tener como máximo { $max } archivos. Borre uno para añadir otro.
attachment-total-too-large = Con este archivo, los adjuntos sumarían { $total }; el límite es { $max }.
