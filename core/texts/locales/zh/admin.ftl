# 主办方接口的错误提示（控制台显示）：说明问题和解决办法。字段名、路径和命令保持原样。

admin-unknown-round = 本次征集没有第 { $round } 轮评审。
admin-round-path = 没有这一轮评审：请使用轮次编号，例如 /admin/rounds/1。
admin-round-required = round 为必填项：填写轮次编号，例如 ?round=1。
admin-rank-by = by 只能是 normalized（默认）或 raw。
admin-case-not-in-round = 本轮没有这个案例：请使用本轮排名中的申报编号。
admin-round-open = 第 { $round } 轮评审尚未结束：请先关闭该轮（POST /admin/rounds/{ $round }/close），使评审结果不再变化。
admin-earlier-round-undecided = 第 { $round } 轮尚无决定，而下一轮评审的是该轮入选的案例。请先对第 { $round } 轮作出决定（POST /admin/decisions）。
admin-assignment-running = 本轮正在分配中，请一分钟后再试。
admin-unknown-reviewer = 没有这个评审专家。
admin-email-taken = 此电子邮箱已被登记。往届评审专家可用 `casebook admin reviewers carry` 转入。
admin-unknown-organizer = 没有这位主办方成员。
admin-not-an-organizer = 只有在册的主办方成员可以执行此操作。
admin-sign-in-revoked = 此登录已被撤销。如需发送新链接，请明确恢复其权限。
admin-last-organizer = 不能撤销最后一位在册的主办方成员：请先添加另一位。
admin-question-not-found = 没有这个问题。
admin-question-answered = { $by } 已回复了这个问题（{ $at }），本次未发送任何内容。
admin-cannot-reply = 无法从这里在 { $channel } 对话中回复：请通过显示的联系方式回复，然后不填回复内容将问题标为已回复。
admin-reply-empty = 回复内容为空：请填写回复，或不填 reply 以将问题标为已回复。
admin-reply-too-long = 回复共 { $chars } 个字符；一条聊天消息最多 { $max } 个字符。
admin-reply-failed = 对话未能收到回复（对方可能已屏蔽机器人）。问题仍为未回复：请重试，或通过显示的联系方式回复。
