"""Every permission of target management, declared once (``accounts.access``).

The community Party organisation manages its plan; a liaison edits only its organisation's
milestones and reports; the street and district see and comment across their scope."""

from gongjian.accounts.access import (
    COMMUNITIES,
    COMMUNITY_PARTY,
    DISTRICT_OFFICE,
    DISTRICTS,
    LIAISON,
    ORGANISATIONS,
    STAFF,
    STAFF_COMMUNITIES,
    Grant,
    declare,
    paths,
)

from .models import (
    AnnualPlan,
    BuildingItem,
    Contribution,
    Evidence,
    Feedback,
    Milestone,
    ProgressReport,
    Task,
    TaskComment,
    WorkCategory,
)

# From each object to its community; ``organisation`` is the task's lead organisation,
# ``involved_organisation`` the lead or a co-organiser (for a plan: of one of its tasks).
paths(WorkCategory, view="targets.manage_categories", district="district")
paths(
    AnnualPlan, view="targets.view_plan", community="community",
    involved_organisation=("tasks__lead_organisation", "tasks__co_organisers"),
)
paths(
    Task, view="targets.view_task", community="plan__community", organisation="lead_organisation",
    involved_organisation=("lead_organisation", "co_organisers"),
)
for _model in (Milestone, ProgressReport, TaskComment, Feedback):
    paths(_model, through="task")
paths(Evidence, through="report")
paths(BuildingItem, view="targets.view_ledger", community="community")
paths(Contribution, through="item")

STAFF_HERE = Grant(STAFF, STAFF_COMMUNITIES)
COMMUNITY_HERE = Grant(COMMUNITY_PARTY, STAFF_COMMUNITIES)
LIAISON_INVOLVED = Grant(LIAISON, ORGANISATIONS, via="involved_organisation")

# Plans and tasks: staff in their scope see them; a liaison sees those its organisation is in.
declare("targets.view_plan", STAFF_HERE, LIAISON_INVOLVED)
declare("targets.add_plan", COMMUNITY_HERE)
declare("targets.change_plan", COMMUNITY_HERE)
declare("targets.view_task", STAFF_HERE, LIAISON_INVOLVED)
declare("targets.change_task", COMMUNITY_HERE)

# Step-by-step implementation and monthly progress: the community, or the lead organisation.
declare("targets.report_progress", COMMUNITY_HERE, Grant(LIAISON, ORGANISATIONS))

# Supervision: staff comment on tasks and moderate and answer residents' feedback.
declare("targets.comment_task", STAFF_HERE)
declare("targets.moderate_feedback", STAFF_HERE)

# The contributions ledger: staff and liaisons see it (a liaison: the communities it reaches);
# the community keeps it; a liaison records its own organisation's part.
declare("targets.view_ledger", STAFF_HERE, Grant(LIAISON, COMMUNITIES))
declare("targets.change_ledger", COMMUNITY_HERE)
declare("targets.record_contribution", COMMUNITY_HERE, Grant(LIAISON, COMMUNITIES))

# Excel: the task decomposition table and the monthly progress sheet.
declare("targets.import_plan", COMMUNITY_HERE)
declare("targets.export_plan", STAFF_HERE, LIAISON_INVOLVED)

# The district's five work categories.
declare("targets.manage_categories", Grant(DISTRICT_OFFICE, DISTRICTS))
