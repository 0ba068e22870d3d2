"""The words of the demo data: people's names and the phrases summaries are made from.

Every choice is made with the caller's ``random.Random``, so the same seed writes the same text.
"""

import random

FIRST_NAMES = (
    "Alex", "Amira", "Ben", "Bethan", "Carl", "Chloe", "Daniel", "Deborah", "Eleanor", "Femi",
    "Gareth", "Grace", "Hannah", "Harjit", "Ian", "Imogen", "Jack", "Joanne", "Kamal", "Karen",
    "Liam", "Lucy", "Mark", "Maya", "Neil", "Nisha", "Oliver", "Orla", "Paul", "Priya", "Rachel",
    "Rhys", "Sam", "Sarah", "Tom", "Tanya", "Usha", "Victoria", "Wes", "Yasmin", "Zoe",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Barker", "Bennett", "Campbell", "Chowdhury", "Clarke", "Davies", "Edwards",
    "Fletcher", "Foster", "Green", "Hall", "Hughes", "Iqbal", "Jackson", "Jones", "Kaur", "Khan",
    "Lewis", "Marsh", "Mitchell", "Morgan", "Nolan", "Okafor", "Owen", "Patel", "Price",
    "Quinn", "Reid", "Roberts", "Shah", "Singh", "Taylor", "Turner", "Walker", "Ward", "Webb",
    "Wilson", "Wright", "Young",
)  # fmt: skip

TEAMS = (
    "front door", "multi-agency safeguarding hub", "assessment", "child in need",
    "child protection", "children in care", "care leavers", "fostering", "adoption",
    "disabled children's", "edge of care", "youth justice", "early help", "quality assurance",
)  # fmt: skip
FINDINGS = (
    "caseloads are coming down but remain high in places",
    "management oversight is now recorded on most files",
    "supervision is regular and reflective",
    "thresholds are applied more consistently",
    "plans are clearer and more specific",
    "visits are timely for most children",
    "the voice of the child is not yet consistently recorded",
    "agency staff turnover is still disrupting relationships with families",
    "audits are moderated and learning is shared",
    "partners report better joint working",
    "performance information is used in weekly meetings",
    "drift in pre-proceedings work has reduced",
    "return home interviews are not always offered",
    "permanence planning starts earlier",
    "care leavers are in touch and in suitable accommodation",
)
EVIDENCE = (
    "met practitioners and team managers",
    "sampled case files with the principal social worker",
    "observed a strategy meeting",
    "met the lead member and the chief executive",
    "reviewed the performance scorecard",
    "met young people from the children in care council",
    "attended the practice improvement meeting",
    "spoke with police and health partners",
)
RATIONALES = {
    "better": (
        "Audit grades improved for the second month running",
        "Sustained improvement in timeliness and quality",
        "Stable leadership and a permanent workforce are making a difference",
        "The actions from the last review are complete and embedded",
    ),
    "worse": (
        "Audits found weaker practice in several teams",
        "Staffing gaps have returned and caseloads have risen",
        "Timeliness fell back this month",
        "A serious case review raised new concerns",
    ),
    "same": (
        "Progress is steady but not yet consistent",
        "Too early to see the impact of the new arrangements",
        "No material change since the last review",
    ),
}
ACTION_TITLES = (
    "Reduce average caseloads in the {team} team",
    "Complete the audit of {team} cases",
    "Recruit permanent team managers for the {team} service",
    "Refresh the {team} practice standards",
    "Report {team} performance to the board monthly",
    "Agree the revised threshold document with partners",
    "Review the pre-proceedings tracker",
    "Deliver training on chronologies and analysis",
    "Publish the refreshed improvement plan",
    "Improve the recording of management oversight",
)
DECISIONS = (
    "The board agreed the refreshed improvement plan",
    "The board asked for a deep dive into the {team} service",
    "The board noted the audit findings and agreed the actions",
    "The board endorsed the workforce strategy",
    "The board agreed to meet partners on the threshold review",
)
VISIT_THEMES = (
    "Children in need and subject to child protection plans",
    "The front door",
    "Children in care",
    "Care leavers",
    "Disabled children",
    "Arrangements for children at risk of exploitation",
    "Planning and decision-making for children in care",
)
JTAI_THEMES = (
    "Children living with domestic abuse",
    "Child sexual exploitation and children missing",
    "Neglect",
    "Children's mental health",
    "Criminal exploitation of children",
    "The multi-agency response to identification of initial need and risk",
)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def entry_summary(rng: random.Random, kind: str, authority: str) -> str:
    team = rng.choice(TEAMS)
    if kind == "board_meeting":
        return (
            f"Improvement board for {authority}. {rng.choice(DECISIONS).format(team=team)}; "
            f"{rng.choice(FINDINGS)}."
        )
    if kind == "letter":
        return f"Letter to the Minister on progress in {authority}: {rng.choice(FINDINGS)}."
    what = {
        "visit": f"Visit to the {team} team",
        "interview": f"Interviews with {team} practitioners",
        "case_audit": f"Case audit in the {team} service",
        "diagnostic": f"Diagnostic of the {team} service",
        "peer_review": f"Peer review of the {team} service",
    }[kind]
    return f"{what}. I {rng.choice(EVIDENCE)}: {rng.choice(FINDINGS)}."


def rationale(rng: random.Random, movement: str) -> str:
    return rng.choice(RATIONALES[movement]) + "."


def action_title(rng: random.Random) -> str:
    return rng.choice(ACTION_TITLES).format(team=rng.choice(TEAMS))


def meeting_decisions(rng: random.Random) -> str:
    return rng.choice(DECISIONS).format(team=rng.choice(TEAMS)) + "."
