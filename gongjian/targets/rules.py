"""Every permission of target management, declared once from the role predicates.

The community Party organisation manages its plan; a liaison edits only its organisation's
milestones and reports; the street and district see and comment across their scope."""

import rules

from gongjian.accounts.predicates import (
    is_community_party,
    is_district_office,
    is_org_liaison,
    is_staff_role,
    object_in_reach,
    object_in_staff_scope,
    staff_in_scope,
)
from gongjian.accounts.scope import get_scope


def _task_of(obj):
    from .models import Milestone, ProgressReport, Task

    if isinstance(obj, Task):
        return obj
    if isinstance(obj, Milestone | ProgressReport):
        return obj.task
    return None


@rules.predicate
def object_is_own_task(user, obj):
    """The task (or its milestone or report) is led by one of the user's organisations."""
    if obj is None:
        return True
    task = _task_of(obj)
    return task is not None and task.lead_organisation_id in get_scope(user).organisation_ids


@rules.predicate
def object_involves_own_organisation(user, obj):
    """The task is led or co-organised by one of the user's organisations; for a plan, one of
    its tasks is."""
    from .models import AnnualPlan, Task

    if obj is None:
        return True
    own = get_scope(user).organisation_ids
    if not own:
        return False
    task = _task_of(obj)
    if task is not None:
        return task.lead_organisation_id in own or task.co_organisers.filter(pk__in=own).exists()
    if isinstance(obj, AnnualPlan):
        return Task.objects.filter(plan=obj).filter(_own_task_q(own)).exists()
    return False


def _own_task_q(own):
    from django.db.models import Q

    return Q(lead_organisation_id__in=own) | Q(co_organisers__id__in=own)


community_in_scope = is_community_party & object_in_staff_scope

# Plans and tasks: staff in their scope see them; a liaison sees those its organisation is in.
rules.add_perm("targets.view_plan", staff_in_scope | (is_org_liaison & object_involves_own_organisation))
rules.add_perm("targets.add_plan", community_in_scope)
rules.add_perm("targets.change_plan", community_in_scope)
rules.add_perm("targets.view_task", staff_in_scope | (is_org_liaison & object_involves_own_organisation))
rules.add_perm("targets.change_task", community_in_scope)

# Step-by-step implementation and monthly progress: the community, or the lead organisation.
rules.add_perm("targets.report_progress", community_in_scope | (is_org_liaison & object_is_own_task))

# Supervision: staff comment on tasks and moderate and answer residents' feedback.
rules.add_perm("targets.comment_task", staff_in_scope)
rules.add_perm("targets.moderate_feedback", staff_in_scope)

# The contributions ledger: staff and liaisons see it; the community keeps it; a liaison
# records its own organisation's part.
rules.add_perm("targets.view_ledger", is_staff_role | is_org_liaison)
rules.add_perm("targets.change_ledger", community_in_scope)
rules.add_perm("targets.record_contribution", community_in_scope | (is_org_liaison & object_in_reach))

# Excel: the task decomposition table and the monthly progress sheet.
rules.add_perm("targets.import_plan", community_in_scope)
rules.add_perm("targets.export_plan", is_staff_role | is_org_liaison)

# The district's five work categories.
rules.add_perm("targets.manage_categories", is_district_office)
