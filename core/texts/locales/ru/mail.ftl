mail-confirmation-subject = Заявка { $reference } получена
mail-confirmation-greeting = Здравствуйте, { $person }!
mail-confirmation-received = Благодарим за участие в конкурсе «{ $title }». Ваша заявка «{ $name }» получена, её номер { $reference }. Пожалуйста, указывайте его во всех вопросах.
mail-confirmation-review = Международные эксперты оценивают кейсы { $period }. Мы напишем вам о результатах.
mail-signature = { $from } ({ $address })
mail-hello = Здравствуйте!
mail-dear = Здравствуйте, { $name }!
mail-no-more-reminders = Не хотите больше получать напоминания? { $link }
mail-continue-subject = Ссылка, чтобы продолжить заявку
mail-continue-intro = Вот ваша ссылка, чтобы продолжить заявку «{ $name }» на конкурс «{ $title }»:
mail-continue-note = Она действует один раз в течение { $hours } часов и подтверждает этот адрес. Если вы её не запрашивали, просто не обращайте внимания на это письмо.
mail-days-left = { $days ->
    [one] остался { $days } день
    [few] осталось { $days } дня
   *[other] осталось { $days } дней
}
mail-nudge-subject = { $days ->
    [one] Остался { $days } день, чтобы отправить заявку
    [few] Осталось { $days } дня, чтобы отправить заявку
   *[other] Осталось { $days } дней, чтобы отправить заявку
}
mail-nudge-one = Ваша заявка { $name } на конкурс «{ $title }» ещё не отправлена. Приём заявок закрывается { $deadline } ({ $days_left }).
mail-nudge-complete = Похоже, она заполнена: осталось только отправить.
mail-nudge-still-to-do = Осталось сделать:
mail-and-more = - и ещё { $count }
mail-nudge-many = Заявки на конкурс «{ $title }» с этим адресом ещё не отправлены: { $count }. Приём заявок закрывается { $deadline } ({ $days_left }).
mail-nudge-no-name = (пока без названия)
mail-nudge-draft-complete = заполнена, можно отправлять
mail-nudge-draft-to-do = { $count ->
    [one] осталось { $count } дело
    [few] осталось { $count } дела
   *[other] осталось { $count } дел
}
mail-nudge-not-yours = Если вы не начинали эти заявки, ваш адрес указал кто-то другой: можно не обращать внимания на это письмо или отказаться от напоминаний по ссылке ниже.
mail-nudge-carry-on = Продолжите там, где начали: в чате с нашим ботом отправьте /apply или откройте черновик с выданным вам ключом редактирования.
chat-nudge = Напоминание: ваша заявка { $name } ещё не отправлена. Приём заявок закрывается { $deadline } ({ $days_left }). Отправьте /apply, чтобы продолжить, или STOP, чтобы больше не получать напоминаний.
mail-review-link-subject = Ваша ссылка для оценки
mail-review-thanks = Спасибо, что оцениваете кейсы конкурса «{ $title }». Оценка проходит { $period }.
mail-review-link = Ваша личная ссылка на страницу оценки (работает на телефоне; никому её не передавайте):
mail-not-expected = Если вы не ждали этого письма, просто не обращайте на него внимания.
mail-assigned-subject = { $count ->
    [one] { $count } кейс на оценку
    [few] { $count } кейса на оценку
   *[other] { $count } кейсов на оценку
}
mail-assigned = { $count ->
    [one] Новый кейс ждёт вашей оценки ({ $round }), срок до { $due }.
    [few] { $count } новых кейса ждут вашей оценки ({ $round }), срок до { $due }.
   *[other] { $count } новых кейсов ждут вашей оценки ({ $round }), срок до { $due }.
}
mail-open-them = Откройте их здесь:
mail-reviews-waiting-subject = { $count ->
    [one] Ждёт { $count } оценка
    [few] Ждут { $count } оценки
   *[other] Ждут { $count } оценок
}
mail-round-opens = { $count ->
    [one] { $round } начинается сегодня: { $count } кейс ждёт вашей оценки, срок до { $due }.
    [few] { $round } начинается сегодня: { $count } кейса ждут вашей оценки, срок до { $due }.
   *[other] { $round } начинается сегодня: { $count } кейсов ждут вашей оценки, срок до { $due }.
}
mail-round-open-reviews = { $count ->
    [one] { $round }: ещё { $count } оценка не завершена, срок до { $due }.
    [few] { $round }: ещё { $count } оценки не завершены, срок до { $due }.
   *[other] { $round }: ещё { $count } оценок не завершено, срок до { $due }.
}
mail-your-link = Ваша ссылка:
mail-outcome-outstanding-subject = Ваш кейс признан выдающимся
mail-outcome-collected-subject = Ваш кейс вошёл в Сборник
mail-outcome-not-selected-subject = Результат рассмотрения вашей заявки
mail-outcome-outstanding = Поздравляем! По итогам двух туров международной оценки ваш кейс «{ $name }» ({ $reference }) вошёл в число выдающихся кейсов конкурса «{ $title }». Выдающиеся кейсы представляются на саммите ВИК в Учжэне; мы напишем вам о приглашении.
mail-outcome-collected = Хорошие новости: по итогам международной оценки ваш кейс «{ $name }» ({ $reference }) включён в Сборник практических кейсов конкурса «{ $title }». Вы сможете смотреть саммит в Учжэне онлайн.
mail-outcome-not-selected = Спасибо, что представили «{ $name }» ({ $reference }) на конкурс «{ $title }». По итогам международной оценки кейс не вошёл в Сборник этого года. Надеемся снова узнать о вашей работе в следующем году.
mail-organizer-subject = Ваш вход для организаторов
mail-organizer-welcome = Теперь вы можете работать как организатор конкурса «{ $title }».
mail-organizer-link = Ваша личная ссылка для входа, действует до { $until } (никому её не передавайте; всё, что вы делаете с ней, записывается на ваше имя):
mail-organizer-token = Текст после «#token=» — это также ваш токен для API /admin (Authorization: Bearer). Если вы не ждали этого письма, сообщите секретариату.
mail-digest-subject = Сводка по конкурсу: отправлено { $submitted }
mail-digest-so-far = Конкурс на сегодня (закрывается { $deadline }):
mail-digest-counts =
    По статусу: { $status }
    Отправлено, по направлениям: { $area }
    Отправлено, по странам ведущих: { $countries }
mail-digest-since = С прошлой сводки: отправлено { $submitted }, новых черновиков { $drafts }, вопросов без ответа бота { $questions } (`casebook admin questions`), отклонённых файлов { $files }.
mail-digest-nearly = Почти готовые черновики ({ $count }): { $names }
mail-round-digest-subject = Ход оценки: { $done }/{ $due }
mail-round-digest = { $round } (до { $ends }): отправлено оценок { $done } из { $due }; кейсов пока без единой оценки: { $cases }.
mail-round-digest-idle = Эксперты, которые ещё ничего не отправили ({ $count }): { $names }
mail-round-digest-details = Подробности: `casebook admin rounds progress N` или GET /admin/rounds/N.
chat-outcome-outstanding = Поздравляем! «{ $name }» ({ $reference }) вошёл в число выдающихся кейсов. Подробности — в письме.
chat-outcome-collected = Хорошие новости: «{ $name }» ({ $reference }) включён в Сборник практических кейсов. Подробности — в письме.
chat-outcome-not-selected = «{ $name }» ({ $reference }) в этом году не отобран. Спасибо за участие; подробности — в письме.
