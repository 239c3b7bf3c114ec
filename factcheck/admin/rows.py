"""A changelist's rows as Django's admin renders them, for less (issue #18).

Django's ``result_list`` renders each cell through ``items_for_result``: for
every cell of every row it looks the column up again (``lookup_field``: a
field, an admin method or a model attribute?), asks the admin for its empty
value, reverses the row's change URL and merges the list's filters into it,
and the action checkbox goes through the form renderer's widget template. On
the claims list that was most of the page's time beside a plain ModelAdmin.

:class:`RowRenderer` decides once per page what each column is and how its
cell is written, then writes each row as one string: the same HTML, cell for
cell (classes, links, boolean icons, empty values). A column it does not
recognise (a ``related__field`` lookup, a many-to-many field, an attribute
that is neither a method nor a property) is left to Django's own
``items_for_result``, so a new column always renders, only without the saving.
A list with editable columns (``list_editable``) is rendered by Django whole.

``{% result_list_rows cl %}`` (``{% load admin_rows %}``) takes the place of
``{% result_list cl %}`` in a changelist template; the headers are Django's,
and the template is the same ``change_list_results.html``, overridable per
model and per app as Django's is.
"""

import datetime
import inspect

from django import template
from django.contrib.admin import helpers
from django.contrib.admin.options import ModelAdmin
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    items_for_result,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import display_for_field, display_for_value
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.validators import EMPTY_VALUES
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

# Stands in for a row's key while the change URL is reversed once per page.
_KEY = "__row_key__"
# Primary keys that are digits: they pass through the admin's quote() and
# the URL's percent-encoding unchanged, so they can be put into the URL as is.
_DIGIT_KEYS = (models.IntegerField,)


class RowRenderer:
    """Renders the rows of ``cl`` (a ChangeList without ``list_editable``)
    exactly as Django's ``items_for_result`` would, one string per row."""

    def __init__(self, cl):
        self.cl = cl
        model_admin = cl.model_admin
        self.empty = model_admin.get_empty_value_display()
        self.icons = {
            value: format_html(
                '<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), value
            )
            for value, name in ((True, "yes"), (False, "no"), (None, "unknown"))
        }
        self.href = self._href_parts()
        self.cells = []
        self.falls_back = False
        first = True
        for index, field_name in enumerate(cl.list_display):
            link = self._links(first, field_name)
            tag = "td"
            if link:
                tag = "th" if first else "td"
                first = False
            cell = self._cell(index, field_name, tag, link)
            self.falls_back |= cell is None
            self.cells.append(cell)

    def render(self, result) -> SafeString:
        """The row's cells, ``<td>…</td><th>…</th>…``, as ``items_for_result`` yields them."""
        django_cells = None
        if self.falls_back:
            django_cells = list(items_for_result(self.cl, result, None))
        return SafeString(
            "".join(
                cell(result) if cell is not None else django_cells[index]
                for index, cell in enumerate(self.cells)
            )
        )

    # What each column is, decided once ---------------------------------------------

    def _links(self, first, field_name) -> bool:
        links = self.cl.list_display_links
        if links is None:
            return False
        if first and not links:
            return True
        return field_name in links

    def _cell(self, index, field_name, tag, link):
        """A function writing the column's cell for a row, or None for Django's."""
        classes = f"field-{_column_name(field_name, index)}"
        model_admin = self.cl.model_admin
        if field_name == "action_checkbox":
            classes = "action-checkbox"
            if type(model_admin).action_checkbox is ModelAdmin.action_checkbox:
                return self._checkbox_cell(tag, link)
        field = _field(self.cl.model, field_name)
        if field is not None:
            return self._field_cell(field, field_name, classes, tag, link)
        if callable(field_name):
            return self._value_cell(field_name, field_name, classes, tag, link)
        if hasattr(model_admin, field_name) and field_name != "__str__":
            method = getattr(model_admin, field_name)
            return self._value_cell(method, method, classes, tag, link)
        # Else an attribute of the model: a method or a property is read here;
        # anything else (a ``related__field`` path, say) is left to Django.
        found = inspect.getattr_static(self.cl.model, field_name, None)
        if inspect.isfunction(found):
            # A model method (``__str__`` among them): called on the row.
            def read(obj):
                return getattr(obj, field_name)()

            return self._value_cell(read, getattr(self.cl.model, field_name), classes, tag, link)
        if isinstance(found, property):

            def read(obj):
                value = getattr(obj, field_name)
                return value() if callable(value) else value

            return self._value_cell(read, found, classes, tag, link)
        return None

    def _checkbox_cell(self, tag, link):
        """Django's own action checkbox, written out rather than rendered
        through the widget template once per row."""
        label = gettext("Select this object for an action - {}")
        name = escape(helpers.ACTION_CHECKBOX_NAME)
        wrap = self._wrap("action-checkbox", tag, link)

        def cell(obj):
            return wrap(
                obj,
                SafeString(
                    f'<input type="checkbox" name="{name}" value="{escape(str(obj.pk))}" '
                    f'class="action-select" aria-label="{label.format(escape(str(obj)))}">'
                ),
                False,
            )

        return cell

    def _field_cell(self, field, name, classes, tag, link):
        """A model field's cell, as ``display_for_field`` shows it."""
        empty = self.empty
        if field.auto_created:
            # Django shows an automatic field (the implicit ``id``) as a value.
            def read(obj):
                return getattr(obj, name)

            return self._value_cell(read, None, classes, tag, link)
        if isinstance(field.remote_field, models.ManyToOneRel):
            nowrap = isinstance(field, models.ForeignKey)
            wrap = self._wrap(classes, tag, link)
            wrap_missing = self._wrap(classes, tag, link, nowrap=False)

            def cell(obj):
                try:
                    related = getattr(obj, name)
                except ObjectDoesNotExist:
                    return wrap_missing(obj, empty, False)
                return wrap(obj, empty if related is None else conditional_escape(related), nowrap)

            return cell
        if field.is_relation:
            return None
        nowrap = isinstance(field, (models.DateField, models.TimeField))
        wrap = self._wrap(classes, tag, link)
        if getattr(field, "flatchoices", None):
            try:
                labels = {key: conditional_escape(label) for key, label in field.flatchoices}
            except TypeError:
                return None

            def cell(obj):
                return wrap(obj, labels.get(getattr(obj, name), empty), nowrap)

            return cell
        if isinstance(field, models.BooleanField):
            icons = self.icons

            def cell(obj):
                value = getattr(obj, name)
                return wrap(
                    obj, icons[None if isinstance(value, DatabaseDefault) else value], nowrap
                )

            return cell

        def cell(obj):
            shown = display_for_field(getattr(obj, name), field, empty, avoid_link=link)
            return wrap(obj, conditional_escape(shown), nowrap)

        return cell

    def _value_cell(self, read, attr, classes, tag, link):
        """The cell of a value that is not a model field (an admin or model
        method, a property): ``display_for_value`` of what ``read`` returns."""
        empty = getattr(attr, "empty_value_display", self.empty)
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        icons = self.icons
        wrap = self._wrap(classes, tag, link)
        wrap_missing = self._wrap(classes, tag, link, nowrap=False)

        def cell(obj):
            try:
                value = read(obj)
            except ObjectDoesNotExist:
                return wrap_missing(obj, self.empty, False)
            if boolean:
                if value in EMPTY_VALUES or isinstance(value, DatabaseDefault):
                    value = None
                return wrap(obj, icons[value], False)
            if isinstance(value, SafeString):
                return wrap(obj, value or empty, False)
            if isinstance(value, str):
                value = value.strip()
                return wrap(obj, escape(value) if value else empty, False)
            if value is None:
                return wrap(obj, empty, False)
            nowrap = isinstance(value, (datetime.date, datetime.time))
            return wrap(obj, conditional_escape(display_for_value(value, empty)), nowrap)

        return cell

    # The cell around the value ---------------------------------------------------------

    def _wrap(self, classes, tag, link, nowrap=None):
        """``wrap(obj, shown, nowrap)``: the cell's markup around ``shown``
        (already escaped), a link to the row's change page in a link column.
        ``nowrap`` given here holds for every row."""
        plain = f' class="{classes}"'
        wide = f' class="{classes} nowrap"'

        if not link:

            def wrap(obj, shown, row_nowrap):
                no_wrap = row_nowrap if nowrap is None else nowrap
                return f"<{tag}{wide if no_wrap else plain}>{shown}</{tag}>"

            return wrap

        def wrap(obj, shown, row_nowrap):
            no_wrap = row_nowrap if nowrap is None else nowrap
            href = self._href(obj)
            if href is not None:
                shown = f'<a href="{href}"{self._popup(obj)}>{shown}</a>'
            return f"<{tag}{wide if no_wrap else plain}>{shown}</{tag}>"

        return wrap

    def _href_parts(self):
        """The change URL (with the list's filters preserved, HTML-escaped)
        split around the row's key, when keys are digits; None otherwise."""
        cl = self.cl
        if cl.to_field or not isinstance(cl.lookup_opts.pk, _DIGIT_KEYS):
            return None
        try:
            url = self._preserved(_reverse_change(cl, _KEY))
        except NoReverseMatch:
            return None
        parts = escape(url).split(_KEY)
        return parts if len(parts) == 2 else None

    def _href(self, obj):
        """The row's change URL, escaped; None when it does not reverse."""
        if self.href is not None:
            before, after = self.href
            return f"{before}{getattr(obj, self.cl.pk_attname)}{after}"
        try:
            url = self.cl.url_for_result(obj)
        except NoReverseMatch:
            return None
        return escape(self._preserved(url))

    def _preserved(self, url):
        cl = self.cl
        return add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url
        )

    def _popup(self, obj):
        if not self.cl.is_popup:
            return ""
        value = obj.serializable_value(
            str(self.cl.to_field) if self.cl.to_field else self.cl.pk_attname
        )
        return format_html(' data-popup-opener="{}"', value)


def _reverse_change(cl, key):
    return reverse(
        f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
        args=(key,),
        current_app=cl.model_admin.admin_site.name,
    )


def _column_name(field_name, index) -> str:
    """The column's name in its ``field-…`` class, as Django writes it."""
    if callable(field_name):
        if field_name.__name__ == "<lambda>":
            return f"lambda{index}"
        return field_name.__name__
    return field_name


def _field(model, name):
    """The model field a ``list_display`` name is, as the admin's
    ``lookup_field`` finds it; None when the name is anything else."""
    if not isinstance(name, str):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and ((field.many_to_one and not field.related_model) or field.one_to_many):
        # A generic foreign key or a reverse relation: an attribute to Django.
        return None
    if field.is_relation and not field.many_to_many and getattr(field, "attname", None) == name:
        # ``<fk>_id``: Django reads the raw key as an attribute.
        return None
    return field


def result_list_rows(cl):
    """Django's ``result_list`` context, each row written by :class:`RowRenderer`."""
    if cl.formset:
        return result_list(cl)
    headers = list(result_headers(cl))
    renderer = RowRenderer(cl)
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        # One item per row: the template joins a row's items with nothing between.
        "results": [ResultList(None, [renderer.render(result)]) for result in cl.result_list],
    }


@register.tag(name="result_list_rows")
def result_list_rows_tag(parser, token):
    return InclusionAdminNode(
        "result_list_rows",
        parser,
        token,
        func=result_list_rows,
        template_name="change_list_results.html",
        takes_context=False,
    )
