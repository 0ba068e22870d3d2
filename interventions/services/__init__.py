"""Workflows on interventions: every change saved with history, who made it and why.

One service per workflow, named with a verb, taking the actor as ``by=`` and everything else
as explicit keyword arguments (docs/adr/0016). Views, the admin, management commands and
loaders all call these functions. Each validates (raising ``ValidationError`` with GOV.UK-style
messages), saves through ``core.history.save_with_history`` (so ``full_clean`` and the history
row's user and reason are always set) and runs in one transaction. Where a key date or status
changes the reason is required; where a record is created a default reason says what happened.

One module a concern: ``status`` (opening, status, closing, cadence, where sources end),
``instruments`` (notices and directions), ``commissioners``, ``partnerships``, ``boards``,
``progress`` (entries, ratings, evidence, locking), ``decisions`` (ADM and the Minister's),
``actions``, ``reminders`` (overdue actions' owners), ``editing`` (optimistic locking,
``UNCHANGED``) and ``checks`` (reasons, dates).
"""

from .actions import create_action, update_action
from .boards import (
    record_board_meeting,
    set_up_board,
    stand_down_board,
    update_board_meeting,
)
from .commissioners import (
    add_commissioner,
    appoint_commissioner,
    end_appointment,
    link_commissioner_account,
)
from .decisions import (
    add_adm_option,
    conclude_adm_assessment,
    decide_option,
    record_adm_assessment,
    record_ministerial_decision,
)
from .editing import EditConflict, keywords
from .instruments import (
    issue_direction,
    issue_notice,
    lift_notice,
    revise_direction,
    revise_notice,
    revoke_direction,
    schedule_review,
)
from .partnerships import end_partnership, log_partner_days, start_partnership
from .progress import (
    attach_evidence,
    lock_entries,
    rate_theme,
    record_progress,
    remove_evidence_file,
    update_progress,
)
from .status import (
    change_status,
    close_intervention,
    mark_sources_end,
    open_intervention,
    set_reporting_cadence,
)

__all__ = [
    "EditConflict",
    "add_adm_option",
    "add_commissioner",
    "appoint_commissioner",
    "attach_evidence",
    "change_status",
    "close_intervention",
    "conclude_adm_assessment",
    "create_action",
    "decide_option",
    "end_appointment",
    "end_partnership",
    "issue_direction",
    "issue_notice",
    "keywords",
    "lift_notice",
    "link_commissioner_account",
    "lock_entries",
    "log_partner_days",
    "mark_sources_end",
    "open_intervention",
    "rate_theme",
    "record_adm_assessment",
    "record_board_meeting",
    "record_ministerial_decision",
    "record_progress",
    "remove_evidence_file",
    "revise_direction",
    "revise_notice",
    "revoke_direction",
    "schedule_review",
    "set_reporting_cadence",
    "set_up_board",
    "stand_down_board",
    "start_partnership",
    "update_action",
    "update_board_meeting",
    "update_progress",
]
