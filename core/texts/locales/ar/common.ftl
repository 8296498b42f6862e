list-separator = {"، "}
sentence-gap = {" "}
label-colon = {": "}
of-call = {" "}(دعوة { $year })
month-name = { $month ->
    [1] يناير
    [2] فبراير
    [3] مارس
    [4] أبريل
    [5] مايو
    [6] يونيو
    [7] يوليو
    [8] أغسطس
    [9] سبتمبر
    [10] أكتوبر
    [11] نوفمبر
   *[12] ديسمبر
}
date = { $day } { $month_name } { $year }
date-no-year = { $day } { $month_name }
date-period = من { $from } إلى { $to }
date-period-same-year = من { $from_short } إلى { $to }
status-draft = مسودة
status-submitted = مُرسَل
status-withdrawn = مسحوب
status-in-review = قيد التقييم
status-collected = مختار للمجموعة
status-outstanding = حالة متميزة
status-not-selected = غير مختار
state-draft = مسودة
state-submitted = مُرسَل
state-withdrawn = مسحوب
state-in-review = قيد التقييم
state-collected = ضمن المجموعة
state-outstanding = حالة متميزة
state-not-selected = غير مختار
size-mb = { $mb } ميغابايت
