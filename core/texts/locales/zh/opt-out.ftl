opt-out-title = 提醒
opt-out-ask = 停止向此地址发送提醒？
opt-out-button = 停止提醒
opt-out-done = 已完成：{ $address } 将不再收到本次征集的提醒。
opt-out-bad-link = 此链接无效。如需停止提醒，请使用最近一封邮件中的链接，或联系主办方。
opt-out-failed = 抱歉，系统出了点问题，请稍后再试。
