"""The presumption watchlist: each rule's answer for every authority on a day (``presumption``)
and its page (``views``)."""
