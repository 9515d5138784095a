"""a1_backprop / manual_backprop: a two-layer ReLU network, with its gradients by hand.

A neural network is just a function of its weights. The one in this exercise is:

    hidden = relu(x @ w1)        x: (N, D_in),  w1: (D_in, H)
    pred   = hidden @ w2         w2: (H, D_out) -> pred: (N, D_out)
    loss   = ((pred - y) ** 2).sum()

Training nudges `w1` and `w2` downhill, so it needs d(loss)/d(w1) and d(loss)/d(w2). Before
autograd does this for you (next exercise), you work them out by hand once: it is the best way
to see what `loss.backward()` really does.

The tool is the chain rule. Run the forward pass keeping every intermediate result, then walk
it backwards, one line per forward step: each line turns the gradient of the loss with respect
to a step's output into the gradient with respect to that step's inputs. Two facts do most of
the work:

- For a product `c = a @ b`, the gradient flowing into `a` is the upstream gradient times `b`
  transposed, and into `b` it is `a` transposed times the upstream gradient. A gradient always
  has the shape of what it belongs to, so the shapes tell you where the transposes go.
- The ReLU's derivative is a mask (the Heaviside step): 1 where its input was positive, 0 where
  it was negative. Going backwards, a ReLU zeroes the gradient wherever the unit was off. At
  exactly 0 any value in [0, 1] is a valid subgradient, and the graders accept all of them.

The same recipe on a single scalar weight, checked against autograd:

    >>> import torch
    >>> x = torch.tensor([1.0, -2.0, 3.0])
    >>> w = torch.tensor(0.5)
    >>> z = x * w                      # forward, keeping the intermediates
    >>> h = z.clamp(min=0)
    >>> loss = ((h - 1.0) ** 2).sum()
    >>> grad_h = 2 * (h - 1.0)         # backward: d(loss)/d(h)
    >>> grad_z = grad_h * (z > 0)      # the ReLU passes the gradient only where z > 0
    >>> grad_w = (grad_z * x).sum()    # every use of w contributes x times its gradient
    >>> grad_w
    tensor(2.)
    >>> w_auto = torch.tensor(0.5, requires_grad=True)
    >>> (((x * w_auto).clamp(min=0) - 1.0) ** 2).sum().backward()
    >>> w_auto.grad
    tensor(2.)

What to implement:

- `forward(x, w1, w2)` and `sse_loss(pred, y)`: one line each. The loss is the sum of squared
  errors (not the mean), kept as a 0-d tensor.
- `backward(x, y, w1, w2)`: `(grad_w1, grad_w2)` by the chain rule alone. No `.backward()`, no
  `torch.autograd.grad`: it must work under `torch.no_grad()` on tensors that do not require
  grad. Do not modify the inputs; each gradient has its weight's shape, dtype and device.
- `train_manual(...)`: plain gradient descent that updates `w1` and `w2` in place (`w1 -= ...`)
  so the caller's tensors change, in their own storage (rebinding `w1.data` is not in place);
  return the loss measured before each step as Python floats.

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
    weights. Update the tensors the caller passed in, in place (`w1 -= ...`: the same tensor
    object and storage, data_ptr() unchanged; rebinding w1.data is not in place), not new ones.
    Return the loss measured before each step, as a list of plain Python floats.
    """
    # TODO: a loop of `steps` iterations; record sse_loss(...).item() before each update.
    raise NotImplementedError("train_manual: replace this line with your code")
