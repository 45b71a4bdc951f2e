from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def not_in_future(value) -> None:
    """Records are facts that happened: a date after today is a typing error."""
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot be later than today."), code="future")


non_negative = MinValueValidator(Decimal("0"), message=_("The value cannot be negative."))
