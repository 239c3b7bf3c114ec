import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from factcheck import roles

# (username, group or None for a superuser, full name)
DEMO_ACCOUNTS = [
    ("factchecker", roles.FACT_CHECKER, "Demo Fact-checker"),
    ("editor", roles.EDITOR, "Demo Editor"),
    ("admin", None, "Demo Administrator"),
]


class Command(BaseCommand):
    help = (
        "Create one demo staff account per role, with a fresh random password each run, "
        "and print the credentials. For local demos only."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        roles.sync_roles()
        User = get_user_model()
        lines = []
        for username, group_name, full_name in DEMO_ACCOUNTS:
            first, last = full_name.split(" ", 1)
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.email = f"{username}@example.invalid"
            user.is_staff = True
            user.is_active = True
            user.is_superuser = group_name is None
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save()
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
            role = group_name or "Superuser"
            lines.append(f"  {role:<14} {username:<12} {password}")
        self.stdout.write("Demo staff accounts (passwords change on every run):")
        self.stdout.write(f"  {'role':<14} {'username':<12} password")
        for line in lines:
            self.stdout.write(line)
