"""Workflows on interventions: every change saved with history, who made it and why.

Views, the admin, management commands and loaders all call these functions. Each validates
(raising ``ValidationError`` with GOV.UK-style messages), saves through
``core.history.save_with_history`` (so ``full_clean`` and the history row's user and reason are
always set) and runs in one transaction. Where a key date or status changes the reason is
required; where a record is created a default reason says what happened.
"""

from .actions import (
    ACTION_FIELDS,
    ACTION_KEY_FIELDS,
    create_action,
    edit_action,
    update_action,
)
from .boards import (
    MEETING_FIELDS,
    edit_board_meeting,
    record_board_meeting,
    record_meeting,
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
    OPTION_FIELDS,
    add_adm_option,
    conclude_adm_assessment,
    decide_option,
    record_adm_assessment,
    record_ministerial_decision,
)
from .editing import (
    EditConflict,
    lock_for_edit,
)
from .instruments import (
    DIRECTION_TERMS,
    issue_direction,
    issue_notice,
    lift_notice,
    revise_direction,
    revise_notice,
    revoke_direction,
    schedule_review,
)
from .partnerships import (
    end_partnership,
    log_partner_days,
    start_partnership,
)
from .progress import (
    Rating,
    attach_evidence,
    edit_progress_entry,
    lock_entries,
    log_progress,
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
    "ACTION_FIELDS",
    "ACTION_KEY_FIELDS",
    "DIRECTION_TERMS",
    "EditConflict",
    "MEETING_FIELDS",
    "OPTION_FIELDS",
    "Rating",
    "add_adm_option",
    "add_commissioner",
    "appoint_commissioner",
    "attach_evidence",
    "change_status",
    "close_intervention",
    "conclude_adm_assessment",
    "create_action",
    "decide_option",
    "edit_action",
    "edit_board_meeting",
    "edit_progress_entry",
    "end_appointment",
    "end_partnership",
    "issue_direction",
    "issue_notice",
    "lift_notice",
    "link_commissioner_account",
    "lock_entries",
    "lock_for_edit",
    "log_partner_days",
    "log_progress",
    "mark_sources_end",
    "open_intervention",
    "rate_theme",
    "record_adm_assessment",
    "record_board_meeting",
    "record_meeting",
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
