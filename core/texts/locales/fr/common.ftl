list-separator = {", "}
sentence-gap = {" "}
label-colon = {" : "}
of-call = {" "}(appel { $year })
month-name = { $month ->
    [1] janvier
    [2] février
    [3] mars
    [4] avril
    [5] mai
    [6] juin
    [7] juillet
    [8] août
    [9] septembre
    [10] octobre
    [11] novembre
   *[12] décembre
}
date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month_name } { $year }
date-no-year = { $day ->
    [1] 1er
   *[other] { $day }
} { $month_name }
date-period = du { $from } au { $to }
date-period-same-year = du { $from_short } au { $to }
status-draft = un brouillon
status-submitted = envoyée
status-withdrawn = retirée
status-in-review = en cours d’évaluation
status-collected = retenue pour le Recueil
status-outstanding = un Cas exemplaire
status-not-selected = non retenue
state-draft = brouillon
state-submitted = envoyée
state-withdrawn = retirée
state-in-review = en cours d’évaluation
state-collected = dans le Recueil
state-outstanding = Cas exemplaire
state-not-selected = non retenue
size-mb = { $mb } Mo
