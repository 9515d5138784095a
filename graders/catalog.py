"""The curriculum: every assignment and its exercises, in teaching order."""

import importlib
from types import ModuleType

ASSIGNMENTS = {
    "a1_backprop": ["manual_backprop", "autograd_step", "dynamic_graph"],
    "a2_modules": ["two_layer_net", "lenet", "rmse_loss", "mlp", "my_relu"],
    "a3_training": ["sgd", "param_groups", "init_weights", "schedule", "checkpoint"],
}

EXERCISES = [f"{a}/{m}" for a, modules in ASSIGNMENTS.items() for m in modules]

# A module staged from a notebook (graders.isolation.notebook_reader) opens each cell with this
# comment and the cell's name, so that a line can be told as the student sees it: in which cell,
# which line.
NOTEBOOK_CELL = "# notebook: "


def grader(exercise: str) -> ModuleType:
    """The grader module of 'a1_backprop/manual_backprop'."""
    return importlib.import_module("graders.checks." + exercise.replace("/", "."))
