"""Forms for the report workflow: the commissioner's narrative, and a reason to return or reopen."""

from django import forms


class NarrativeForm(forms.Form):
    overall_assessment = forms.CharField(
        label="Overall assessment",
        widget=forms.Textarea,
        required=False,
        help_text="Your assessment of progress in the period. The draft was written from the "
        "records: rewrite it and replace the text in square brackets.",
    )
    risks = forms.CharField(
        label="Risks",
        widget=forms.Textarea,
        required=False,
        help_text="The risks to improvement the Minister should know about",
    )
    recommendation = forms.CharField(
        label="Recommendation to the Minister",
        widget=forms.Textarea,
        required=False,
    )


class ReasonForm(forms.Form):
    """A reason, kept in the history, for sending a report back or reopening it."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=500)

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.error_messages = {
            "required": required_message,
            "max_length": "Reason must be 500 characters or fewer",
        }
