"""A calendar month stored as the first day of that month.

Dues, study-note checks and app points are kept per month; a date column holding the 1st
lets metrics GROUP BY month with plain date ranges and keeps the index useful.
"""

import datetime

from django import forms
from django.db import models

from kaohe.dates import add_months


def first_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def next_month(value: datetime.date) -> datetime.date:
    """The first day of the month after `value`'s."""
    return add_months(value.replace(day=1), 1)


class MonthFormField(forms.DateField):
    """`<input type="month">` (YYYY-MM); a full date is accepted and moved to the 1st."""

    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return first_of_month(value) if value else value


class MonthField(models.DateField):
    """A DateField whose value is always the first day of a month."""

    def to_python(self, value):
        value = super().to_python(value)
        return first_of_month(value) if value else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value:
            value = first_of_month(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": MonthFormField, **kwargs})
