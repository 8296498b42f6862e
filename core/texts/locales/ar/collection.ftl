# المجموعة المنشورة: موقع ثابت، بنسخة من صفحاته لكل لغة. تُعرض الحالات كما كتبها مقدّموها.

collection-title = { $call }: مجموعة الحالات العملية
collection-count = { $cases ->
    [zero] لا توجد حالات.
    [one] حالة واحدة.
    [two] حالتان.
    [few] { $cases } حالات.
    [many] { $cases } حالة.
   *[other] { $cases } حالة.
}
collection-outstanding-count = { $outstanding ->
    [one] منها حالة متميزة واحدة (★).
    [two] منها حالتان متميزتان (★).
    [few] منها { $outstanding } حالات متميزة (★).
    [many] منها { $outstanding } حالة متميزة (★).
   *[other] منها { $outstanding } حالة متميزة (★).
}
collection-as-written = تُعرض الحالات كما كتبها مقدّموها، باللغة الإنجليزية.
collection-languages = اللغات
collection-search-label = البحث بالاسم أو البلد
collection-search-example = مثلًا: solar، كينيا
# يضع نص الصفحة العدد الذي وُجد مكان $shown.
collection-search-count = { $shown } من { $total }
collection-all-cases = → كل الحالات
collection-outstanding = ★ حالة متميزة
collection-lead = المنظمة الرائدة
collection-partners = المنظمات المشاركة
collection-countries = البلدان والمناطق المعنية ({ $count })
collection-area = المجال
collection-reference = الرقم المرجعي
collection-none = لا يوجد
collection-images = الصور
collection-image = { $name }: الصورة { $n }
