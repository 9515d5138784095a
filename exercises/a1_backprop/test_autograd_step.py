"""Checks for autograd_step.py. Run them:  pytest exercises/a1_backprop/test_autograd_step.py"""

from graders.checks.a1_backprop import autograd_step
from graders.frontends.pytest_plugin import checks_as_tests

test_autograd_step = checks_as_tests(autograd_step)
