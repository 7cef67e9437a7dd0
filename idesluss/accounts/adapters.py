from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from idesluss.core.i18n import set_language_cookie


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def organisation_domains() -> set[str]:
    """The organisation's own e-mail domains: those open for sign-up and for single sign-on."""
    return {*settings.SIGNUP_EMAIL_DOMAINS, *settings.OIDC_EMAIL_DOMAINS}


# Mails anyone can make us send by typing an address into a public form.
_UNASKED_MAILS = {"account/email/password_reset_key", "account/email/unknown_account"}


class AccountAdapter(DefaultAccountAdapter):
    """Self sign-up only for the organisation's own e-mail domains, if any are set."""

    def is_open_for_signup(self, request) -> bool:
        return bool(settings.SIGNUP_EMAIL_DOMAINS)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).lower()
        domains = settings.SIGNUP_EMAIL_DOMAINS
        if domains and _domain(email) not in domains:
            raise ValidationError(
                _("Use your email address at work (%(domains)s).") % {"domains": ", ".join(domains)}
            )
        return email

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Password reset (and "no account here") mails go only to the organisation's own
        domains: nothing at all to other addresses, which anyone can type into the form. The
        page shown is the same either way, so it tells nobody whether an address is known.
        Without configured domains only existing accounts get a reset mail, never the
        "no account" mail (sign-up is then closed anyway)."""
        if template_prefix in _UNASKED_MAILS:
            domains = organisation_domains()
            if domains and _domain(email) not in domains:
                return
            if not domains and template_prefix == "account/email/unknown_account":
                return
        super().send_mail(template_prefix, email, context)

    def post_login(self, request, user, **kwargs):
        """Carry the language chosen before signing in over to the person, or back."""
        response = super().post_login(request, user, **kwargs)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES) and chosen != user.preferred_language:
            from idesluss.accounts.services import user_update

            user_update(user=user, preferred_language=chosen, by=user)
        set_language_cookie(response, user.preferred_language)
        return response

    def populate_username(self, request, user) -> None:
        # We have no user names: people are known by their e-mail address.
        return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on creates or connects the person by their work e-mail address."""

    def _allowed(self, sociallogin) -> bool:
        domains = settings.OIDC_EMAIL_DOMAINS
        email = (sociallogin.user.email or "").lower()
        return bool(email) and (not domains or _domain(email) in domains)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return self._allowed(sociallogin)

    def pre_social_login(self, request, sociallogin) -> None:
        """Outside the allowed domains nobody signs in by SSO, existing accounts included."""
        if sociallogin.is_existing and not self._allowed(sociallogin):
            from allauth.core.exceptions import ImmediateHttpResponse
            from django.shortcuts import render

            raise ImmediateHttpResponse(render(request, "account/signup_closed.html", status=403))

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").lower()
        name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        user.full_name = name or user.email
        return user
