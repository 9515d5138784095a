"""Hypothesis strategies: how every problem of graders.problems is drawn.

Each strategy builds frozen records (graders.problems) from a few drawn numbers, so hypothesis
shrinks sizes, dtypes and values, and a failing example prints in a few words.
"""

from __future__ import annotations

import torch
from hypothesis import strategies as st

from graders.problems import (
    DTYPES,
    VALUES,
    Dynamic,
    GroupModel,
    InitModel,
    ModuleCase,
    Overrides,
    Pair,
    ParamList,
    Regression,
    Schedule,
    SGDCase,
    Training,
    TwoLayer,
    Values,
    lenet_case,
    mlp_case,
    two_layer_net_case,
)


def dtypes() -> st.SearchStrategy[torch.dtype]:
    return st.sampled_from(DTYPES)


def sizes(low: int = 1, high: int = 5) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def seeds() -> st.SearchStrategy[int]:
    return st.integers(0, 2**16)


def learning_rates() -> st.SearchStrategy[float]:
    return st.sampled_from([1e-4, 1e-3, 2e-3, 5e-3, 1e-2])


def two_layer(values=VALUES) -> st.SearchStrategy[TwoLayer]:
    return st.builds(
        TwoLayer, sizes(), sizes(), sizes(), sizes(), dtypes(), st.sampled_from(values), seeds()
    )


def training(min_steps: int = 0, max_steps: int = 4) -> st.SearchStrategy[Training]:
    # Normal values only: a grid problem can sit on a ReLU kink, where two correct
    # subgradient conventions take different (both correct) steps.
    return st.builds(
        Training, two_layer(("normal",)), learning_rates(), st.integers(min_steps, max_steps)
    )


def dynamic(max_repeats: int = 4) -> st.SearchStrategy[Dynamic]:
    return st.builds(
        Dynamic, sizes(), sizes(), sizes(), sizes(), st.integers(0, max_repeats), dtypes(), seeds()
    )


def param_lists(some_without_grad: bool = False) -> st.SearchStrategy[ParamList]:
    """1 to 4 tensors of 1 or 2 dimensions; with `some_without_grad`, at least one has no grad
    and at least one has one."""
    shape = st.one_of(st.tuples(sizes()), st.tuples(sizes(), sizes()))
    flags = st.just(True) if not some_without_grad else st.booleans()

    @st.composite
    def build(draw):
        shapes = tuple(draw(st.lists(shape, min_size=2 if some_without_grad else 1, max_size=4)))
        has = [draw(flags) for _ in shapes]
        if some_without_grad:
            has[draw(st.integers(0, len(has) - 1))] = False
            has[draw(st.integers(0, len(has) - 1))] = True
        return ParamList(
            shapes,
            tuple(has),
            draw(dtypes()),
            draw(st.sampled_from([0.5, 0.1, 1e-2])),
            draw(seeds()),
        )

    return build()


def two_layer_nets() -> st.SearchStrategy[ModuleCase]:
    return st.builds(two_layer_net_case, sizes(), sizes(), sizes(), sizes(), dtypes(), seeds())


def mlps() -> st.SearchStrategy[ModuleCase]:
    return st.builds(
        mlp_case, sizes(), st.lists(sizes(), min_size=2, max_size=6), dtypes(), seeds()
    )


def lenets() -> st.SearchStrategy[ModuleCase]:
    return st.builds(lenet_case, st.integers(1, 3), dtypes(), seeds())


def shapes(min_dims: int = 1, max_dims: int = 3) -> st.SearchStrategy[tuple]:
    return st.lists(sizes(), min_size=min_dims, max_size=max_dims).map(tuple)


def pairs(perfect: bool = False) -> st.SearchStrategy[Pair]:
    eps = st.sampled_from([1e-6, 1e-4, 1e-2, 0.5])
    return st.builds(Pair, shapes(), dtypes(), seeds(), eps, st.just(perfect))


def values(away_from_zero: bool = True, dtype=None) -> st.SearchStrategy[Values]:
    return st.builds(
        Values, shapes(), st.just(dtype) if dtype else dtypes(), seeds(), st.just(away_from_zero)
    )


def sgd_hyperparameters(momentum=True, decay=True) -> st.SearchStrategy[tuple]:
    @st.composite
    def build(draw):
        m = draw(st.sampled_from([0.0, 0.5, 0.9])) if momentum else 0.0
        d = draw(st.sampled_from([0.0, 0.0, 0.1, 0.5])) if momentum else 0.0
        wd = draw(st.sampled_from([0.0, 1e-2, 0.1, 1.0])) if decay else 0.0
        nesterov = bool(m > 0 and d == 0 and draw(st.booleans()))
        lr = draw(st.sampled_from([0.01, 0.1, 0.5]))
        return (
            ("lr", lr),
            ("momentum", m),
            ("dampening", d),
            ("weight_decay", wd),
            ("nesterov", nesterov),
        )

    return build()


def sgd_cases(
    groups=(1, 1),
    momentum=True,
    decay=True,
    steps=(1, 4),
    with_missing=False,
    with_zeros=False,
    with_changes=False,
    warm_up=False,
) -> st.SearchStrategy[SGDCase]:
    """SGD problems; with_missing: some gradients are None; with_zeros: some are all zeros;
    with_changes: hyperparameters of a group change between steps (as a scheduler, or code,
    would change them); warm_up: with momentum, every group's lr is 0 for the first step, then
    back to its own (a warm-up from 0)."""
    shape = st.one_of(st.tuples(sizes()), st.tuples(sizes(), sizes()))

    @st.composite
    def build(draw):
        layout = tuple(draw(st.lists(st.integers(1, 2), min_size=groups[0], max_size=groups[1])))
        shapes = tuple(draw(shape) for _ in range(sum(layout)))
        lrs = tuple(
            draw(st.sampled_from([None, 0.05, 0.2])) if len(layout) > 1 else None for _ in layout
        )
        n_steps = draw(st.integers(*steps))
        cells = [(s, i) for s in range(n_steps) for i in range(len(shapes))]

        def some_cells() -> tuple:  # up to half of the (step, parameter) cells, at least one
            chosen = st.sets(st.sampled_from(cells), min_size=1, max_size=max(1, len(cells) // 2))
            return tuple(sorted(draw(chosen)))

        missing = some_cells() if with_missing else ()
        zeros = some_cells() if with_zeros else ()
        changes = ()
        hyper = draw(sgd_hyperparameters(momentum, decay))
        if warm_up:
            n_steps = max(n_steps, 2)
            hyper = tuple((k, 0.9 if k == "momentum" and not v else v) for k, v in hyper)
            changes = tuple((0, g, "lr", 0.0) for g in range(len(layout))) + tuple(
                (1, g, "lr", lr if lr is not None else dict(hyper)["lr"])
                for g, lr in enumerate(lrs)
            )
        if with_changes:
            h = dict(hyper)
            names = (
                ["lr"]
                + (["momentum", "dampening"] if h["momentum"] and not h["nesterov"] else [])
                + (["weight_decay"] if decay else [])
            )
            changes = tuple(
                (
                    step,
                    draw(st.integers(0, len(layout) - 1)),
                    name,
                    draw(
                        st.sampled_from(
                            {
                                "lr": [0.3, 0.02],
                                "momentum": [0.5, 0.8],
                                "dampening": [0.0, 0.3],
                                "weight_decay": [0.0, 0.05],
                            }[name]
                        )
                    ),
                )
                for step in range(1, n_steps)
                for name in [draw(st.sampled_from(names))]
            )
        return SGDCase(
            shapes,
            layout,
            lrs,
            hyper,
            n_steps,
            draw(dtypes()),
            draw(seeds()),
            missing,
            zeros,
            changes,
        )

    return build()


def group_models(zoo=(False, True)) -> st.SearchStrategy[GroupModel]:
    return st.builds(
        GroupModel, sizes(2, 4), st.sampled_from(["batch", "layer"]), seeds(), st.sampled_from(zoo)
    )


def _overlap(a: str, b: str) -> bool:
    return a.startswith(b + ".") or b.startswith(a + ".")


def overrides() -> st.SearchStrategy[Overrides]:
    """1 to 4 names that do not overlap, in a drawn order, each with an lr and maybe a momentum."""

    @st.composite
    def build(draw):
        model = draw(group_models())
        order = draw(st.permutations(model.names()))
        chosen = []
        for name in order[: draw(st.integers(1, 6))]:
            if not any(_overlap(name, c) for c in chosen):
                chosen.append(name)
        items = []
        for name in chosen[:4]:
            hyper = [("lr", draw(st.sampled_from([0.5, 0.05, 0.005])))]
            if draw(st.booleans()):
                hyper.append(("momentum", draw(st.sampled_from([0.0, 0.9]))))
            items.append((name, tuple(hyper)))
        return Overrides(model, tuple(items))

    return build()


def init_models() -> st.SearchStrategy[InitModel]:
    return st.builds(
        InitModel,
        st.integers(20, 40),
        st.integers(20, 40),
        st.integers(2, 4),
        st.integers(16, 24),
        seeds(),
    )


def schedules() -> st.SearchStrategy[Schedule]:
    return st.builds(
        Schedule,
        st.sampled_from([0.1, 0.5, 1.0, 0.03]),
        st.lists(st.integers(0, 8), max_size=5).map(tuple),  # unsorted, repeated
        st.sampled_from([0.1, 0.5, 0.9]),
        st.integers(0, 10),
    )


def regressions(hidden=(0,), norm=(False,), unequal=False) -> st.SearchStrategy[Regression]:
    """Regression tasks; with `norm` drawing True, models with a BatchNorm1d (batches of at
    least 2); with `unequal`, at least two batches, each of a different size."""

    @st.composite
    def build(draw):
        normed = draw(st.sampled_from(norm))
        return Regression(
            draw(sizes(1, 4)),
            draw(sizes(1, 3)),
            draw(st.integers(2 if unequal else 1, 3)),
            draw(st.integers(2 if normed else 1, 4)),
            draw(st.integers(1, 4)),
            draw(st.sampled_from([0.01, 0.05])),
            draw(st.lists(st.integers(0, 3), max_size=3).map(tuple)),
            draw(st.sampled_from([0.1, 0.5])),
            draw(st.sampled_from(hidden))
            if not normed
            else draw(st.sampled_from([h for h in hidden if h] or [3])),
            draw(dtypes()),
            draw(seeds()),
            normed,
            unequal,
        )

    return build()
