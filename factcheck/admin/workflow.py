"""The workflow plumbing of the admin, the same for every workflow.

A model admin mixes in :class:`WorkflowAdminMixin` and names its workflow (a
table of :mod:`factcheck.workflows`). Everything else comes from that table:
the step URLs; the steps offered on the change page for the user and the state,
with what stops them now and the form each asks for; the service each calls;
what it says when done; the bulk actions with their permissions
(``permissions=["publish"]`` asks the table who may publish). Nothing about a
step is written here or in the admins.

Every step calls its service with ``acting_user=request.user``; a refusal
(``WorkflowError``, ``PermissionDenied``) becomes a message for staff.
"""

from __future__ import annotations

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.module_loading import import_string

from .. import services
from ..forms import AssignForm, staff_label
from ..workflows import Transition, Workflow
from .base import refusal, run_for_each, skipped_message


@dataclasses.dataclass(frozen=True)
class Step:
    """One workflow button of one admin: its URL."""

    transition: Transition
    model_name: str

    @property
    def key(self):
        return self.transition.name

    @property
    def slug(self):
        return self.transition.slug

    @property
    def label(self):
        return self.transition.label

    @property
    def url_name(self):
        return f"factcheck_{self.model_name}_{self.key}"


@dataclasses.dataclass(frozen=True)
class OfferedStep:
    """A step as the change page shows it: its URL, what stops it now, its form."""

    transition: Transition
    url: str
    blockers: list[str]
    fields: list[dict]
    form: object = None

    @property
    def submit(self):
        return self.transition.submit or self.transition.label


def steps(workflow: Workflow) -> list[Step]:
    """The buttons of ``workflow``'s admin, in the table's order."""
    model_name = workflow.model._meta.model_name
    return [Step(transition, model_name) for transition in workflow if transition.button]


def plural(count, noun, plural_noun):
    return f"{count} {noun if count == 1 else plural_noun}"


def posted_version(request):
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _left_out(value, stored):
    """Blank or unchanged: the service keeps what is stored (its default)."""
    if value is None or value == stored:
        return True
    return isinstance(value, str) and not value.strip()


_NOTHING = object()


def bulk_action(transition: Transition):
    """The bulk action of ``transition``: each selected row through its service,
    after an intermediate page when the step asks for something (``Bulk.asks``)."""
    bulk = transition.bulk

    @admin.action(description=bulk.description, permissions=[transition.name])
    def action(self, request, queryset):
        run = self.step_service(transition)
        argument = self.step_argument(transition)
        chosen = {}
        if bulk.asks:
            form = getattr(self, f"{bulk.asks}_form")(
                request.POST if "apply" in request.POST else None, queryset
            )
            if not form.is_valid():
                return self.action_page(
                    request,
                    queryset,
                    action=bulk.name,
                    title=bulk.title,
                    intro=bulk.verb,
                    form=form,
                    submit=bulk.verb,
                )
            chosen = {bulk.asks: form.cleaned_data[bulk.asks]}
        done, skipped = run_for_each(
            queryset, lambda obj: run(**{argument: obj}, **chosen, acting_user=request.user)
        )
        named = {name: self.choice_label(value) for name, value in chosen.items()}
        self._report(request, done, skipped, lambda n: bulk.done.format(count=n, **named))
        return None

    action.__name__ = bulk.name
    return action


class WorkflowAdminMixin:
    """Mixed into a model admin whose ``workflow`` is a table of :mod:`factcheck.workflows`.

    ``own_actions``: the admin's bulk actions that are not steps of the table;
    the menu lists assigning first (it applies in any state), then these, then
    the table's other steps in its order. ``action_form_template``: the
    intermediate page of a bulk action that asks something first.
    """

    workflow: Workflow
    own_actions: tuple = ()
    action_form_template: str

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Built where the table or the admin's own actions are declared.
        if "workflow" not in cls.__dict__ and "own_actions" not in cls.__dict__:
            return
        workflow = getattr(cls, "workflow", None)
        if workflow is None:
            return
        bulk = [step for step in workflow if step.bulk]
        cls.actions = [
            *(bulk_action(step) for step in bulk if step.acting_user_as),
            *cls.own_actions,
            *(bulk_action(step) for step in bulk if not step.acting_user_as),
        ]

    @property
    def workflow_steps(self):
        return steps(self.workflow)

    def get_urls(self):
        step_urls = [
            path(
                f"<path:object_id>/{step.slug}/",
                self.admin_site.admin_view(self.workflow_view),
                {"step": step},
                name=step.url_name,
            )
            for step in self.workflow_steps
        ]
        return step_urls + super().get_urls()

    def __getattr__(self, name):
        # ``has_<step>_permission``, named by the bulk actions' ``permissions=[...]``,
        # asks the table who may take the step.
        prefix, suffix = "has_", "_permission"
        if name.startswith(prefix) and name.endswith(suffix):
            step = name[len(prefix) : -len(suffix)]
            try:
                self.workflow[step]
            except KeyError:
                pass
            else:
                return lambda request: self.workflow.may(step, request.user)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # A step and its service ------------------------------------------------------------

    def step_service(self, transition):
        # Looked up when called, so that the services' module is the one place to find them.
        return getattr(services, transition.service)

    def step_argument(self, transition):
        return transition.argument or self.opts.model_name

    def step_form(self, transition, obj, data=None):
        form_class = import_string(transition.form)
        return form_class(
            data, **{self.step_argument(transition): obj}, prefix=transition.form_prefix
        )

    def posted_inputs(self, request, transition, obj):
        """What the step's form posted, as keywords of its service."""
        if transition.form:
            form = self.step_form(transition, obj, request.POST)
            if not form.is_valid():
                raise services.WorkflowError(
                    " ".join(
                        f"{form.fields[name].label}: {error}"
                        for name, errors in form.errors.items()
                        for error in errors
                    )
                )
            values = form.cleaned_data
            # A prefilled field the form lets staff empty: blank is a choice.
            clearable = getattr(form, "clearable", ())
        else:
            values = {field.name: request.POST.get(field.name, "") for field in transition.fields}
            clearable = ()
        return {
            name: value
            for name, value in values.items()
            if (name in clearable and value != getattr(obj, name, _NOTHING))
            or not _left_out(value, getattr(obj, name, _NOTHING))
        }

    def take_step(self, request, obj, transition, version):
        """Take ``transition`` on ``obj`` through its service; the message for staff."""
        keywords = {
            self.step_argument(transition): obj,
            "acting_user": request.user,
            "expected_version": version,
            **self.posted_inputs(request, transition, obj),
        }
        if transition.acting_user_as:
            keywords[transition.acting_user_as] = request.user
        self.step_service(transition)(**keywords)
        return transition.done.format(obj=obj)

    # The change page -------------------------------------------------------------------

    def workflow_context(self, request, obj):
        """What the change page offers this user for ``obj`` now, asked of the table."""
        model_name = self.opts.model_name
        offered = []
        for transition in self.workflow.offered(request.user, obj):
            step = Step(transition, model_name)
            offered.append(
                OfferedStep(
                    transition=transition,
                    url=reverse(f"admin:{step.url_name}", args=[obj.pk]),
                    blockers=(
                        transition.blockers(request.user, obj) if transition.blockers else []
                    ),
                    fields=[
                        {
                            "id": f"{transition.slug}-{field.name.replace('_', '-')}",
                            "name": field.name,
                            "label": field.label,
                            "rows": field.rows,
                            "required": field.required,
                            "value": getattr(obj, field.name) if field.prefill else "",
                        }
                        for field in transition.fields
                    ],
                    form=self.step_form(transition, obj) if transition.form else None,
                )
            )
        return {
            "workflow_urls": {step.transition.name: step.url for step in offered},
            "workflow_steps": offered,
        }

    def get_for_post(self, request, object_id):
        """The object a POST acts on; ``None`` for any other method."""
        if request.method != "POST":
            return None
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with id {object_id!r}.")
        return obj

    def workflow_view(self, request, object_id, step):
        """POST only: take ``step``, then back to the object's page with a message."""
        obj = self.get_for_post(request, object_id)
        if obj is None:
            return HttpResponseNotAllowed(["POST"])
        # The table as it is now, not as it was when the URLs were made.
        transition = self.workflow[step.key]
        try:
            message = self.take_step(request, obj, transition, posted_version(request))
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, f"{step.label}: {refusal(exc)}.", messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    # Bulk actions ----------------------------------------------------------------------

    def assignee_form(self, data, queryset):
        """What the intermediate page of "assign selected … to…" asks."""
        return AssignForm(data)

    def choice_label(self, value):
        """A choice of an intermediate page in a message: staff by name, no one as nobody."""
        if value is None:
            return "nobody"
        if isinstance(value, AbstractBaseUser):
            return staff_label(value)
        return str(value)

    def action_page(self, request, queryset, *, action, title, intro, form, submit):
        """The intermediate page of a bulk action that asks one more thing."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": self.opts,
            "objects": queryset,
            "form": form,
            "action": action,
            "submit": submit,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.action_form_template, context)

    def skipped_reasons(self, skipped):
        return skipped

    def _report(self, request, done, skipped, done_message):
        """``done_message(count_text)`` for what was done; the reasons for the rest."""
        if done:
            count = plural(len(done), self.opts.verbose_name, self.opts.verbose_name_plural)
            self.message_user(request, done_message(count), messages.SUCCESS)
        if skipped:
            self.message_user(
                request, skipped_message(self.skipped_reasons(skipped)), messages.WARNING
            )
