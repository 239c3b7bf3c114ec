"""The public site's one form: a reader suggests a claim to check.

Against bots, without a third-party captcha: a honeypot field people do not
see (:data:`HONEYPOT`), and a signed timestamp of when the form was shown
(``issued``), refused when the form comes back sooner than a person could
fill it in (``TIP_MIN_FILL_SECONDS``) or after ``TIP_FORM_MAX_AGE``. The
flood limit per client address is the view's (:mod:`factcheck.public.tips`).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing

from ..models.tips import CONTACT_EMAIL_MAX, CONTACT_NAME_MAX, SEEN_AT_MAX, STATEMENT_MAX
from ..services.tips import plain_text_problem

HONEYPOT = "website"
_SALT = "factcheck.public.tip-form"


def issued_token(at: float | None = None) -> str:
    """The form's signed "shown at" time: now, unless ``at`` (a Unix time) is given."""
    return signing.dumps(time.time() if at is None else at, salt=_SALT)


def _plain_text(value):
    problem = plain_text_problem(value)
    if problem:
        raise forms.ValidationError(problem)


class TipForm(forms.Form):
    statement = forms.CharField(
        label="The claim you want us to check",
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[_plain_text],
        help_text=f"Plain text, at most {STATEMENT_MAX} characters.",
    )
    seen_at = forms.CharField(
        label="Where did you see or hear it?",
        max_length=SEEN_AT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_plain_text],
        help_text="A web address, or a description: a broadcast, a leaflet, a speech.",
    )
    contact_name = forms.CharField(
        label="Your name (optional)",
        max_length=CONTACT_NAME_MAX,
        required=False,
        validators=[_plain_text],
    )
    contact_email = forms.EmailField(
        label="Your e-mail (optional)",
        max_length=CONTACT_EMAIL_MAX,
        required=False,
        help_text="Only if you would like us to be able to ask you about it. "
        "We never publish your name or address.",
    )
    # The honeypot: hidden from people by the stylesheet and from screen
    # readers by the template; bots that fill every field fill it too.
    website = forms.CharField(required=False, label="Leave this empty")
    issued = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"issued": issued_token()})
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        """The honeypot was filled in."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_issued(self):
        try:
            issued = float(signing.loads(self.cleaned_data["issued"], salt=_SALT))
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError("Please send the form from this page.") from exc
        age = time.time() - issued
        if age > settings.TIP_FORM_MAX_AGE:
            raise forms.ValidationError(
                "This form was open for a long time: please check it and send it again."
            )
        if age < settings.TIP_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                "That was very quick: please check your message and send it again."
            )
        return issued
