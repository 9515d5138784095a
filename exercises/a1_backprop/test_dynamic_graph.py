"""Checks for dynamic_graph.py. Run them:  pytest exercises/a1_backprop/test_dynamic_graph.py"""

from graders.checks.a1_backprop import dynamic_graph
from graders.frontends.pytest_plugin import checks_as_tests

test_dynamic_graph = checks_as_tests(dynamic_graph)
