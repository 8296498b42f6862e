# أخطاء واجهة المنظمين (تعرضها وحدة التحكم): يقول كلٌّ منها ما الخطأ وكيف يُصلَح. تبقى أسماء
# الحقول والمسارات والأوامر كما هي.

admin-unknown-round = لا توجد في هذه الدعوة جولة تقييم رقم { $round }.
admin-round-path = لا توجد جولة التقييم هذه: استخدم رقمها، مثلًا /admin/rounds/1.
admin-round-required = الحقل round مطلوب: رقم الجولة، مثلًا ?round=1.
admin-rank-by = يجب أن تكون قيمة by إما normalized (الافتراضية) أو raw.
admin-case-not-in-round = هذه الحالة ليست في هذه الجولة: استخدم معرّف طلب من ترتيب الجولة.
admin-round-open = جولة التقييم { $round } ما زالت مفتوحة: أغلقها أولًا (POST /admin/rounds/{ $round }/close) حتى لا تتغير تقييماتها بعد ذلك.
admin-earlier-round-undecided = لا توجد قرارات للجولة { $round } بعد، والجولة التالية تقيّم الحالات التي تختارها. اتخذ قرارات الجولة { $round } أولًا (POST /admin/decisions).
admin-assignment-running = يجري توزيع هذه الجولة الآن. يُرجى المحاولة مرة أخرى بعد دقيقة.
admin-unknown-reviewer = لا يوجد مقيّم بهذا المعرّف.
admin-email-taken = هناك شخص مسجَّل بهذا البريد الإلكتروني بالفعل. يُنقل مقيّم من سنة سابقة بالأمر `casebook admin reviewers carry`.
admin-unknown-organizer = لا يوجد منظِّم بهذا المعرّف.
admin-not-an-organizer = لا يمكن القيام بهذا إلا لمنظِّم نشط.
admin-sign-in-revoked = أُلغي تسجيل الدخول هذا. أعِده صراحةً لإرسال رابط جديد.
admin-last-organizer = لا يمكن إلغاء آخر منظِّم نشط: أضف منظِّمًا آخر أولًا.
admin-question-not-found = لا يوجد سؤال بهذا المعرّف.
admin-question-answered = أجاب { $by } عن هذا السؤال بالفعل ({ $at })؛ لم يُرسَل شيء.
admin-cannot-reply = لا يمكن كتابة إجابة في محادثة { $channel } من هنا: راسل جهة الاتصال المعروضة، ثم علّم السؤال بأنه أُجيب دون رد.
admin-reply-empty = الرد فارغ: اكتب الإجابة، أو اترك reply لتعليم السؤال بأنه أُجيب.
admin-reply-too-long = يبلغ الرد { $chars } حرفًا؛ وتتسع رسالة المحادثة لـ { $max } حرفًا على الأكثر.
admin-reply-failed = لم تقبل المحادثة الرد (ربما حظر الشخص الروبوت). يبقى السؤال مفتوحًا: حاول مرة أخرى، أو راسل جهة الاتصال المعروضة.
