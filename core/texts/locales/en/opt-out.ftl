# The page a reminder's opt-out link opens: in the reader's language, then English.

opt-out-title = Reminders
opt-out-ask = Stop the reminders to this address?
opt-out-button = Stop reminders
opt-out-done = Done: { $address } gets no more reminders from this call.
opt-out-bad-link = This link is not valid. To stop reminders, use the link in the latest e-mail, or write to the organizers.
opt-out-failed = Something went wrong on our side. Please try again in a moment.
