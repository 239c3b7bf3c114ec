"""The claims changelist writes its row checkboxes itself, exactly as Django would."""

import pytest
from django import forms
from django.contrib.admin import helpers

from tests.factcheck.test_admin_claims import CHANGELIST, article_with_sentences, claims_on

pytestmark = pytest.mark.django_db


def test_each_row_has_django_s_own_action_checkbox(client, editor, fact_checker):
    [claim] = claims_on(article_with_sentences(1), 1, acting_user=fact_checker)
    client.force_login(editor)

    page = client.get(CHANGELIST).content.decode()

    expected = forms.CheckboxInput(
        {"class": "action-select", "aria-label": f"Select this object for an action - {claim}"},
        lambda value: False,
    ).render(helpers.ACTION_CHECKBOX_NAME, str(claim.pk))
    assert expected in page
    assert page.count('class="action-select"') == 1
