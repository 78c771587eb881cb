"""``gongjian roles <user> [--add ROLE SCOPE | --remove ROLE SCOPE]``: list, give or take a
user's roles through ``accounts.services`` (with the change log). The admin only reads them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjian.accounts import services
from gongjian.accounts.models import ROLE_SCOPE_FIELD, Role, RoleAssignment

SOURCE = "cli"


def _scope(role: str, value: str):
    from gongjian.registry.models import Community, District, Organisation, Person, Street

    model = {"district": District, "street": Street, "community": Community, "organisation": Organisation, "person": Person}[
        ROLE_SCOPE_FIELD[Role(role)]
    ]
    match = Q(name=value)
    if value.isdigit():
        match |= Q(pk=int(value))
    if model is Community:
        match |= Q(slug=value)
    found = list(model.objects.filter(match)[:2])
    if len(found) != 1:
        raise CommandError(_("No single %(kind)s matches “%(value)s”: give its name or number.") % {"kind": model._meta.verbose_name, "value": value})
    return found[0]


class Command(BaseCommand):
    help = gettext_lazy("List a user's roles, or give or take one (written to the change log).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--add", nargs=2, metavar=("ROLE", "SCOPE"), help=gettext_lazy("Role (%(roles)s) and its scope by name or number.") % {"roles": ", ".join(Role.values)})
        group.add_argument("--remove", nargs=2, metavar=("ROLE", "SCOPE"))

    def handle(self, *args, username, add=None, remove=None, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except ObjectDoesNotExist:
            raise CommandError(_("There is no user “%(name)s”.") % {"name": username}) from None
        for role, value in [x for x in (add, remove) if x]:
            if role not in Role.values:
                raise CommandError(_("Unknown role “%(role)s”; one of: %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)})
            scope = _scope(role, value)
            if add:
                services.role_assign(actor=None, user=user, role=role, scope=scope, source=SOURCE)
            else:
                field = ROLE_SCOPE_FIELD[Role(role)]
                for ra in RoleAssignment.objects.filter(user=user, role=role, **{field: scope}):
                    services.role_remove(actor=None, assignment=ra, source=SOURCE)
        for ra in RoleAssignment.objects.filter(user=user).select_related("district", "street", "community", "organisation", "person"):
            self.stdout.write(f"{ra.get_role_display()} · {ra.scope_object}")
