list-separator = {", "}
sentence-gap = {" "}
label-colon = {": "}
of-call = {" "}(конкурс { $year } г.)
month-name = { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
}
date = { $day } { $month_name } { $year } г.
date-no-year = { $day } { $month_name }
date-period = с { $from } по { $to }
date-period-same-year = с { $from_short } по { $to }
status-draft = черновик
status-submitted = подана
status-withdrawn = отозвана
status-in-review = на оценке
status-collected = отобрана в Сборник
status-outstanding = выдающийся кейс
status-not-selected = не отобрана
state-draft = черновик
state-submitted = подана
state-withdrawn = отозвана
state-in-review = на оценке
state-collected = в Сборнике
state-outstanding = выдающийся кейс
state-not-selected = не отобрана
size-mb = { $mb } МБ
