"""People for the tool tests: an admin, a manager and two reps, with real-looking names (the pipeline reader
matches owners by first name, so "Rep 3" would be read as an owner in "by rep")."""

import pytest

from crm_core.enums import Role
from tests.tools.helpers import person


@pytest.fixture
def admin(sessions):
    return person(sessions, Role.admin, "Ada Admiral")


@pytest.fixture
def manager(sessions):
    return person(sessions, Role.manager, "Maria Lopez")


@pytest.fixture
def alice(sessions):
    return person(sessions, Role.rep, "Alice Moreau")


@pytest.fixture
def bruno(sessions):
    return person(sessions, Role.rep, "Bruno Keller")
