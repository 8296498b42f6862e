field-practice-name = Название практики
field-lead = Ведущая организация
field-lead-country = Страна ведущей организации
field-partners = Партнёры
field-partner-name = Название партнёра { $n }
field-partner-country = Страна партнёра { $n }
field-countries = Страны-участницы
field-country = Страна { $n }
field-area = Направление
field-contact-name = Имя контактного лица
field-contact-email = Контактный e-mail
field-collecting = Организация-сборщик
field-deadline = Срок подачи
problem-missing = Не заполнено поле «{ $label }». Пожалуйста, заполните его.
problem-too-few-countries = Кейс должен реализовываться не менее чем в { $min } странах или регионах; указано: { $count }. Добавьте все страны, где он реализуется.
problem-country-not-listed = { $label }: { $country } ({ $code }), но этой страны нет среди стран-участниц. Добавьте её в список стран или исправьте страну организации.
problem-too-many-words = «{ $label }»: { $words ->
    [one] { $words } слово
    [few] { $words } слова
   *[other] { $words } слов
}, а предел { $limit }. Сократите текст на { $over ->
    [one] { $over } слово
    [few] { $over } слова
   *[other] { $over } слов
}.
problem-too-few-words = «{ $label }»: { $words ->
    [one] { $words } слово
    [few] { $words } слова
   *[other] { $words } слов
}; напишите хотя бы { $min }, чтобы эксперты поняли кейс.
problem-not-english = Раздел «{ $label }», похоже, написан не по-английски. Экспертная комиссия международная: пожалуйста, напишите его на английском.
problem-already-collected-in = «{ $earlier }» уже отобран в Сборник практических кейсов { $year } года, поэтому подать его снова нельзя. Если это другой кейс, дайте ему собственное название.
problem-already-collected = «{ $earlier }» уже есть в одном из прошлых Сборников практических кейсов, поэтому подать его снова нельзя. Если это другой кейс, дайте ему собственное название.
problem-call-closed = Организаторы закрыли конкурс: сейчас подать заявку нельзя. О следующем конкурсе объявят на сайте организаторов.
problem-deadline-passed = Приём заявок закончился { $deadline } (в конце дня по времени { $zone }). Подать заявку уже нельзя.
problem-missing-heading = «{ $label }»: { $count ->
    [one] у абзаца { $paragraphs } нет
   *[other] у абзацев { $paragraphs } нет
} заголовка. Начинайте каждый абзац с короткого заголовка, который его подытоживает: отдельной строкой или несколькими словами с двоеточием («Origins: ...»).
problem-no-partners = Не указано ни одной организации-партнёра. Совместные заявки с международными партнёрами получают более высокую оценку.
problem-unknown-area = «{ $given }» не входит в направления этого конкурса. Выберите одно из: { $areas }.
problem-too-many-drafts = На этот адрес уже записано { $max } неотправленных черновиков, больше нельзя. Отправьте или отзовите один из них либо укажите другой адрес.
problem-invalid-email = «{ $given }» не похож на адрес электронной почты. Пишите так: name@example.org.
problem-no-letter = «{ $given }» не похоже на название. Поле «{ $label }» должно содержать хотя бы одну букву.
problem-too-long = «{ $label }»: { $chars } символов, а допускается не больше { $max }. Сократите, пожалуйста.
problem-too-many = «{ $label }»: { $count } пунктов, а допускается не больше { $max }.
problem-unknown-country-suggest = Страна или регион «{ $given }» нам неизвестны. Может быть, вы имели в виду { $name } ({ $code })?
problem-unknown-country = Страна или регион «{ $given }» нам неизвестны. Укажите название на любом из шести языков ООН или код ISO, например Кения или KE.
attachment-type-mismatch = Файл был заявлен как { $declared }, но по содержимому это { $detected }. Он удалён: загрузите файл снова с его настоящим типом.
attachment-type-unknown = Файл был заявлен как { $declared }, но по содержимому им не является. Он удалён: загрузите настоящий файл { $declared }.
attachment-size-mismatch = Размер файла был заявлен как { $declared } байт, а пришло { $actual } байт. Он удалён: загрузите его снова.
attachment-type-not-allowed = Файлы типа «{ $content_type }» не принимаются. Принимаются: { $accepted }.
attachment-name-too-long = Имя файла длиннее { $max } символов: сократите его.
attachment-empty = Файл пустой: укажите его размер в байтах.
attachment-too-large = Размер файла { $size }; файлы этого типа могут быть не больше { $max }.
attachment-too-many-files = К заявке можно приложить не больше { $max } файлов. Удалите один, чтобы добавить другой.
attachment-total-too-large = С этим файлом вложения займут { $total }, а предел { $max }.
