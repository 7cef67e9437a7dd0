"""The password reset form (allauth's, through ACCOUNT_FORMS). A module of its own: allauth's
forms import our sign-up form, so accounts/forms.py cannot import theirs."""

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

# The same lookup as allauth's own form (the version is pinned in pyproject.toml).
from allauth.account.internal.userkit import filter_users_by_email


class ResetPasswordForm(AllauthResetPasswordForm):
    """Every address gets the same neutral "check your e-mail" page: the sign-up rule on
    domains is not applied (it would tell which domains are ours), and whether anything is
    sent is decided where mail is sent (AccountAdapter.send_mail)."""

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        self.users = filter_users_by_email(
            email, is_active=True, prefer_verified=True, for_login=True
        )
        return email
