list-separator = {", "}
sentence-gap = {" "}
label-colon = {": "}
of-call = {" "}(convocatoria { $year })
month-name = { $month ->
    [1] enero
    [2] febrero
    [3] marzo
    [4] abril
    [5] mayo
    [6] junio
    [7] julio
    [8] agosto
    [9] septiembre
    [10] octubre
    [11] noviembre
   *[12] diciembre
}
date = { $day } de { $month_name } de { $year }
date-no-year = { $day } de { $month_name }
date-period = del { $from } al { $to }
date-period-same-year = del { $from_short } al { $to }
status-draft = un borrador
status-submitted = enviada
status-withdrawn = retirada
status-in-review = en evaluación
status-collected = seleccionada para la Colección
status-outstanding = un Caso Destacado
status-not-selected = no seleccionada
state-draft = borrador
state-submitted = enviada
state-withdrawn = retirada
state-in-review = en evaluación
state-collected = en la Colección
state-outstanding = Caso Destacado
state-not-selected = no seleccionada
size-mb = { $mb } MB
