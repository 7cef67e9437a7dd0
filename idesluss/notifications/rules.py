import rules

from idesluss.accounts.rules import is_administrator

# The back office's list of e-mail deliveries: administrators see them and send failed
# ones again; nobody adds or deletes notifications there.
rules.add_perm("notifications.view_notification", is_administrator)
rules.add_perm("notifications.change_notification", is_administrator)
