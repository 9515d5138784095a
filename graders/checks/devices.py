"""Device-generic code, checked without a GPU.

Most machines that run the kit have no GPU, yet `.cpu()`, `.numpy()` round trips and tensors
made without `device=` are real mistakes: on a GPU they fail, or quietly compute on the CPU.
The probes run the submission once more on PyTorch's meta device (graders.probe.on_meta):
meta tensors have shapes, dtypes and a device but no data, so device placement propagates
through every operation as it would on a GPU, and a host round trip cannot happen. What the
submission did is watched (a TorchFunctionMode) and its results' devices read.

What this catches: `.cpu()`, `.numpy()` (and `numpy.asarray`), `.tolist()`, `.to("cpu")`, a
tensor made with `torch.zeros(n)`
(or `ones`, `empty`, `full`, `rand`, `randn`, `randint`, `arange`, `linspace`, `eye`,
`tensor`, `as_tensor`) without `device=` that meets the inputs, and a result left on the CPU.

What it cannot catch: code whose control flow depends on values (`if loss.item() > 0`,
`nonzero()`, boolean masks that need counts): meta tensors hold no values, so such a run is
inconclusive and not judged (it is no mistake). A 0-d tensor made without a device
(`torch.tensor(2.0)`) is allowed, as CUDA allows it. Anything only a real device shows (a
kernel missing on CUDA, speed) needs `--device cuda` where CUDA exists.
"""

from __future__ import annotations

from graders.errors import CheckFailed

HINT = (
    "Keep every tensor on the inputs' device: make new ones with torch.zeros_like(x), "
    "x.new_zeros(...), "
    "or torch.zeros(..., device=x.device, dtype=x.dtype), and never go through .cpu() or .numpy()."
)


INCONCLUSIVE: list[str] = []  # runs that could not be judged, for the kit's tests to look at


def expect_on_meta(found: dict) -> None:
    """Each function of `found` ({what: graders.probe.on_meta's answer}) kept its results on
    the inputs' device. An inconclusive run (the code needs values) passes, and is noted in
    INCONCLUSIVE: a test makes sure the reference solutions never are."""
    for what, answer in found.items():
        if isinstance(answer, dict) and "inconclusive" in answer:
            INCONCLUSIVE.append(f"{what}: {answer['inconclusive']}")
        if not isinstance(answer, dict):
            raise CheckFailed(f"{what} could not be run on another device.")
        if "left" in answer:
            raise CheckFailed(
                f"{what} moves data off the inputs' device: it uses {answer['left']}. "
                "On a GPU that copies to the CPU, or fails."
            )
        for shape, _, device in answer.get("ok", []):
            if device != "meta":
                raise CheckFailed(
                    f"{what} returns a result of shape {tuple(shape)} on {device}, "
                    "not on the inputs' device: a tensor was made without device=."
                )
