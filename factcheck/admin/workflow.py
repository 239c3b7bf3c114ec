"""The workflow plumbing of the admin, shared by claims and discrepancies.

A model admin mixes in :class:`WorkflowAdminMixin` and names its workflow
(a table of :mod:`factcheck.workflows`). From that table come the step URLs,
the buttons offered on the change page for the user and the state, and the
permissions of the bulk actions (``permissions=["publish"]`` asks the table who
may publish). The admin writes, per step, only how to call its service and what
to say when it is done: a ``<step>_step(request, obj, version)`` method.

Every step calls its service with ``acting_user=request.user``; a refusal
(``WorkflowError``, ``PermissionDenied``) becomes a message for staff.
"""

from __future__ import annotations

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse

from .. import services
from ..workflows import Transition, Workflow
from .base import refusal, run_for_each, skipped_message


@dataclasses.dataclass(frozen=True)
class Step:
    """One workflow button of one admin: its URL and the method that runs it."""

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
    def method(self):
        return f"{self.key}_step"

    @property
    def url_name(self):
        return f"factcheck_{self.model_name}_{self.key}"


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


def bulk_step(name, *, description, service, argument, done):
    """A bulk action taking step ``name`` on each selected row through ``service``
    (a function of :mod:`factcheck.services`, by name), with the table's permission.
    ``done(count_text)`` is the message for what was done."""

    @admin.action(description=description, permissions=[name])
    def action(self, request, queryset):
        run = getattr(services, service)
        finished, skipped = run_for_each(
            queryset, lambda obj: run(**{argument: obj}, acting_user=request.user)
        )
        self._report(request, finished, skipped, done)

    action.__name__ = f"{name}_selected"
    return action


class WorkflowAdminMixin:
    """Mixed into a model admin whose ``workflow`` is a table of :mod:`factcheck.workflows`."""

    workflow: Workflow

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

    def offered_steps(self, request, obj):
        """The keys of the buttons offered to this user for ``obj`` now."""
        offered = {step.name for step in self.workflow.offered(request.user, obj)}
        return {step.key: step.key in offered for step in self.workflow_steps}

    def workflow_urls(self, offered, obj):
        return {
            step.key: reverse(f"admin:{step.url_name}", args=[obj.pk])
            for step in self.workflow_steps
            if offered[step.key]
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
        """POST only: run ``step``, then back to the object's page with a message."""
        obj = self.get_for_post(request, object_id)
        if obj is None:
            return HttpResponseNotAllowed(["POST"])
        try:
            message = getattr(self, step.method)(request, obj, posted_version(request))
        except (services.WorkflowError, PermissionDenied) as exc:
            self.message_user(request, f"{step.label}: {refusal(exc)}.", messages.ERROR)
        else:
            self.message_user(request, message, messages.SUCCESS)
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    # Bulk actions ----------------------------------------------------------------------

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
