"""a1_backprop / manual_backprop: a two-layer ReLU network, with its gradients by hand.

A network is just a function of its weights:

    hidden = relu(x @ w1)        x: (N, D_in),  w1: (D_in, H)
    pred   = hidden @ w2         w2: (H, D_out) -> pred: (N, D_out)
    loss   = ((pred - y) ** 2).sum()

Training needs d(loss)/d(w1) and d(loss)/d(w2). Here you derive them with the chain rule,
one line per step of the forward pass, walking it backwards. The ReLU's derivative is a mask
(the Heaviside step): 1 where its input was positive, 0 where it was negative. At exactly 0
any value in [0, 1] is a valid subgradient, and the graders accept all of them.

Run the checks:  pytest exercises/a1_backprop/test_manual_backprop.py
"""

import torch


def forward(x: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor) -> torch.Tensor:
    """Return relu(x @ w1) @ w2, of shape (N, D_out)."""
    # TODO: one line: the hidden layer is relu(x @ w1), the output is hidden @ w2.
    raise NotImplementedError("forward: replace this line with your code")


def sse_loss(pred: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Return the sum of squared errors ((pred - y) ** 2).sum(), a 0-d tensor."""
    # TODO: the sum (not the mean) of the squared differences, kept as a tensor.
    raise NotImplementedError("sse_loss: replace this line with your code")


def backward(
    x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return (grad_w1, grad_w2): the gradients of sse_loss(forward(x, w1, w2), y).

    Derive them by hand with the chain rule; do not call autograd (no .backward(), no
    torch.autograd.grad): this must work under torch.no_grad(). Do not modify the inputs.
    Each gradient has the shape, dtype and device of its weight.
    """
    # TODO: redo the forward pass keeping the intermediate results, then go backwards:
    #   grad_pred = 2 (pred - y);  grad_w2 = hidden.T @ grad_pred;
    #   grad_hidden = grad_pred @ w2.T;  mask it with the ReLU's derivative;  grad_w1 = x.T @ ...
    raise NotImplementedError("backward: replace this line with your code")


def train_manual(
    x: torch.Tensor, y: torch.Tensor, w1: torch.Tensor, w2: torch.Tensor, lr: float, steps: int
) -> list[float]:
    """Run `steps` steps of gradient descent on w1 and w2, in place, using `backward`.

    Each step: measure the loss, compute the gradients, then w <- w - lr * grad for both
    weights. Update the tensors the caller passed in (in place: `w1 -= ...`), not new ones.
    Return the loss measured before each step, as a list of plain Python floats.
    """
    # TODO: a loop of `steps` iterations; record sse_loss(...).item() before each update.
    raise NotImplementedError("train_manual: replace this line with your code")
