mail-confirmation-subject = استُلم الطلب { $reference }
mail-confirmation-greeting = عزيزي/عزيزتي { $person }،
mail-confirmation-received = شكرًا لتقدّمك إلى «{ $title }». استلمنا طلبك «{ $name }»، ورقمه المرجعي { $reference }. يُرجى ذكره في أي استفسار.
mail-confirmation-review = يقيّم خبراء دوليون الحالات { $period }. سنراسلك بشأن النتيجة.
mail-signature = { $from } ({ $address })
mail-hello = مرحبًا،
mail-dear = عزيزي/عزيزتي { $name }،
mail-no-more-reminders = لا تريد مزيدًا من التذكيرات؟ { $link }
mail-continue-subject = رابطك لمتابعة طلبك
mail-continue-intro = إليك رابط متابعة طلبك «{ $name }» إلى «{ $title }»:
mail-continue-note = يصلح مرة واحدة، لمدة { $hours } ساعة، ويؤكد هذا العنوان. إن لم تطلبه، يمكنك تجاهل هذه الرسالة.
mail-days-left = { $days ->
    [zero] لم يبقَ أي يوم
    [one] بقي يوم واحد
    [two] بقي يومان
    [few] بقيت { $days } أيام
    [many] بقي { $days } يومًا
   *[other] بقي { $days } يوم
}
mail-nudge-subject = { $days ->
    [zero] آخر يوم لإرسال طلبك
    [one] بقي يوم واحد لإرسال طلبك
    [two] بقي يومان لإرسال طلبك
    [few] بقيت { $days } أيام لإرسال طلبك
    [many] بقي { $days } يومًا لإرسال طلبك
   *[other] بقي { $days } يوم لإرسال طلبك
}
mail-nudge-one = طلبك { $name } إلى «{ $title }» لم يُرسل بعد. تُغلق الدعوة في { $deadline } ({ $days_left }).
mail-nudge-complete = يبدو مكتملًا: لم يبقَ إلا إرساله.
mail-nudge-still-to-do = ما زال مطلوبًا:
mail-and-more = - و{ $count } غيرها
mail-nudge-many = طلبات إلى «{ $title }» تذكر هذا العنوان لم تُرسل بعد: { $count }. تُغلق الدعوة في { $deadline } ({ $days_left }).
mail-nudge-no-name = (بلا اسم بعد)
mail-nudge-draft-complete = مكتمل وجاهز للإرسال
mail-nudge-draft-to-do = ما زال مطلوبًا: { $count }
mail-nudge-not-yours = إن لم تكن أنت من بدأ هذه الطلبات، فقد ذكر شخص آخر عنوانك: يمكنك تجاهل هذه الرسالة، أو استخدام الرابط أدناه لإيقاف التذكيرات.
mail-nudge-carry-on = تابع من حيث بدأت: أرسل /apply في المحادثة مع الروبوت، أو افتح المسودة برمز التعديل الذي حصلت عليه.
chat-nudge = تذكير: طلبك { $name } لم يُرسل بعد. تُغلق الدعوة في { $deadline } ({ $days_left }). أرسل /apply للمتابعة، أو STOP لإيقاف التذكيرات.
mail-review-link-subject = رابط التقييم الخاص بك
mail-review-thanks = شكرًا لتقييمك الحالات في «{ $title }». يجري التقييم { $period }.
mail-review-link = رابطك الشخصي إلى صفحة التقييم (يعمل على الهاتف؛ يُرجى عدم مشاركته):
mail-not-expected = إن لم تكن تتوقع هذه الرسالة، يمكنك تجاهلها.
mail-assigned-subject = حالات للتقييم: { $count }
mail-assigned = { $count ->
    [one] حالة جديدة بانتظار تقييمك ({ $round })، والموعد النهائي { $due }.
    [two] حالتان جديدتان بانتظار تقييمك ({ $round })، والموعد النهائي { $due }.
   *[other] حالات جديدة بانتظار تقييمك ({ $round }): { $count }، والموعد النهائي { $due }.
}
mail-open-them = افتحها من هنا:
mail-reviews-waiting-subject = تقييمات بانتظارك: { $count }
mail-round-opens = { $round } تبدأ اليوم: حالات بانتظار تقييمك: { $count }، والموعد النهائي { $due }.
mail-round-open-reviews = ما زالت تقييمات من { $round } مفتوحة: { $count }، والموعد النهائي { $due }.
mail-your-link = رابطك:
mail-outcome-outstanding-subject = حالتك من الحالات المتميزة
mail-outcome-collected-subject = حالتك ضمن المجموعة
mail-outcome-not-selected-subject = نتيجة طلبك
mail-outcome-outstanding = تهانينا! بعد جولتين من التقييم الدولي، أصبحت حالتك «{ $name }» ({ $reference }) من الحالات المتميزة في «{ $title }». تُعرض الحالات المتميزة في قمة ووتشن للمؤتمر العالمي للإنترنت، وسنراسلك بشأن الدعوة.
mail-outcome-collected = أخبار سارة: بعد التقييم الدولي، أُدرجت حالتك «{ $name }» ({ $reference }) في مجموعة الحالات العملية لـ«{ $title }». ستتمكن من متابعة قمة ووتشن عبر الإنترنت.
mail-outcome-not-selected = شكرًا لتقديمك «{ $name }» ({ $reference }) إلى «{ $title }». بعد التقييم الدولي لم تُختر لمجموعة هذا العام. نأمل أن نقرأ عن عملك مجددًا في العام القادم.
mail-organizer-subject = رابط دخولك بصفتك منظمًا
mail-organizer-welcome = يمكنك الآن العمل بصفتك منظمًا لـ«{ $title }».
mail-organizer-link = رابط دخولك الشخصي، صالح حتى { $until } (لا تشاركه؛ كل ما تفعله به يُسجَّل باسمك):
mail-organizer-token = النص الذي يلي «#token=» هو أيضًا رمزك لواجهة /admin البرمجية (Authorization: Bearer). إن لم تكن تتوقع هذه الرسالة، فأبلغ الأمانة.
mail-digest-subject = ملخص الدعوة: المُرسل { $submitted }
mail-digest-so-far = الدعوة حتى الآن (تُغلق في { $deadline }):
mail-digest-counts =
    حسب الحالة: { $status }
    المُرسل، حسب المجال: { $area }
    المُرسل، حسب بلد المنظمة الرائدة: { $countries }
mail-digest-since = منذ الملخص السابق: المُرسل { $submitted }، المسودات الجديدة { $drafts }، أسئلة لم يُجب عنها الروبوت { $questions } (`casebook admin questions`)، ملفات مرفوضة { $files }.
mail-digest-nearly = مسودات تبدو شبه مكتملة ({ $count }): { $names }
mail-round-digest-subject = تقدّم التقييم: { $done }/{ $due }
mail-round-digest = { $round } (حتى { $ends }): أُرسل { $done } من { $due } تقييمًا؛ حالات بلا أي تقييم مُرسل بعد: { $cases }.
mail-round-digest-idle = مقيّمون لم يرسلوا شيئًا بعد ({ $count }): { $names }
mail-round-digest-details = التفاصيل: `casebook admin rounds progress N` أو GET /admin/rounds/N.
chat-outcome-outstanding = تهانينا! «{ $name }» ({ $reference }) من الحالات المتميزة. التفاصيل في بريدك الإلكتروني.
chat-outcome-collected = أخبار سارة: أُدرجت «{ $name }» ({ $reference }) في مجموعة الحالات العملية. التفاصيل في بريدك الإلكتروني.
chat-outcome-not-selected = لم تُختر «{ $name }» ({ $reference }) هذا العام. شكرًا لمشاركتك؛ التفاصيل في بريدك الإلكتروني.
