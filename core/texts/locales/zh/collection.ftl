# 已发布的案例集：静态网站，每种语言一套页面。案例内容按申报方原文展示。

collection-title = { $call }：实践案例集
collection-count = 共 { $cases } 个案例。
collection-outstanding-count = 其中 { $outstanding } 个为优秀案例（★）。
collection-as-written = 案例按申报方提交的英文原文展示。
collection-languages = 语言
collection-search-label = 按名称或国家搜索
collection-search-example = 例如：solar、肯尼亚
# $shown 由页面脚本填入找到的数量。
collection-search-count = 共 { $total } 个案例，显示 { $shown } 个
collection-all-cases = ← 全部案例
collection-outstanding = ★ 优秀案例
collection-lead = 牵头机构
collection-partners = 合作机构
collection-countries = 涉及的国家和地区（{ $count }）
collection-area = 领域
collection-reference = 编号
collection-none = 无
collection-images = 图片
collection-image = { $name }：图片 { $n }
