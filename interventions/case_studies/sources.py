"""The documents the case studies come from.

The five seeds (``shared/seeds/``) are the ground truth. A few dates they leave open are taken
from public pages that quote the Department for Education's own documents; each is named here so
that a reader can check it.
"""

from .facts import Source

SEEDS = "shared/seeds"

HAMPSHIRE_2016 = Source(
    "Hampshire County Council decision report, 25 May 2016",
    f"{SEEDS}/hampshire-2016-05-torbay-support.txt",
)
TORBAY_2017 = Source(
    "Torbay Council report, 20 July 2017", f"{SEEDS}/torbay-council-2017-07-adm.txt"
)
ISLE_OF_WIGHT_2017 = Source(
    "Isle of Wight Council Cabinet paper, 9 November 2017",
    f"{SEEDS}/isle-of-wight-cabinet-2017-11-options.txt",
)
HAMPSHIRE_2018 = Source(
    "Hampshire County Council Cabinet report, 16 April 2018",
    f"{SEEDS}/hampshire-cabinet-2018-04-buckinghamshire.txt",
)
BUCKINGHAMSHIRE_2018 = Source(
    "Commissioner's report on Buckinghamshire, June 2018",
    f"{SEEDS}/commissioner-report-2018-06-buckinghamshire.txt",
)
OFSTED = Source(
    "Ofsted inspection outcomes 2009-2023 (reference data)",
    "shared/data/ofsted_la_inspections_2009-2023_long.csv",
)
DOMAIN = Source("DOMAIN.md case studies", "shared/DOMAIN.md")

# Public pages quoting DfE documents, for dates the seeds give only as a month or not at all.
TORBAY_DIRECTION_2016 = Source(
    "DfE direction to Torbay, May 2016 (as quoted by Willis Palmer)",
    "https://www.willispalmer.com/dfe-appoints-commissioner-for-torbay-council/",
)
COMMUNITY_CARE_2016 = Source(
    "Community Care, 13 May 2016",
    "https://www.communitycare.co.uk/2016/05/13/"
    "commissioner-appointed-childrens-services-improve-ineffective-leadership/",
)
GOVUK_TORBAY_DIRECTIONS = Source(
    "GOV.UK: Direction issued to Torbay council",
    "https://www.gov.uk/government/publications/direction-issued-to-torbay-council",
)
COMMUNITY_CARE_2018 = Source(
    "Community Care, 18 June 2018",
    "https://www.communitycare.co.uk/2018/06/18/"
    "improving-council-freed-dissolve-government-ordered-partnership/",
)
ISLE_OF_WIGHT_DIRECTION_LIFTED = Source(
    "OnTheWight: direction first issued June 2013 now lifted",
    "https://onthewight.com/government-directive-forcing-iwc-to-partner-with-hampshire-for-"
    "childrens-services-now-lifted/",
)
