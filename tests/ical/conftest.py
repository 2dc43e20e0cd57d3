"""Fixtures of the calendar tests; the helpers live in ical_support.py."""

from __future__ import annotations

import pytest
from ical_support import reference_plan

from actionplan.model import ActionPlan


@pytest.fixture
def plan() -> ActionPlan:
    """The reference plan (see ical_support.reference_plan)."""
    return reference_plan()
