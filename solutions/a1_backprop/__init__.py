"""a1_backprop: tensors, autograd and dynamic graphs.

A neural network is a function of its weights, and training it means following the gradient of
a loss with respect to those weights downhill. This assignment builds that idea from the ground
up on one small network, `relu(x @ w1) @ w2`, trained on the sum of squared errors: first with
gradients you derive yourself, then with autograd doing the same work, and finally with a graph
whose shape is decided while the code runs.

The exercises come in this order:

1. `manual_backprop`: the forward pass, the loss, and the gradients by hand with the chain rule
   (the ReLU's derivative is a mask), then plain gradient descent, in place.
2. `autograd_step`: the same training with autograd: `requires_grad`, `loss.backward()` filling
   `.grad`, gradients that accumulate and must be cleared, and updates made in place under
   `torch.no_grad()`. It must give the same losses as your hand-written version.
3. `dynamic_graph`: an `nn.Module` whose graph is built at run time (define-by-run), with one
   layer reused a variable number of times: shared weights whose gradients add up.

Each exercise file opens with an introduction and a worked example you can run, and each
function has a docstring saying exactly what it must return.

Rules every exercise follows, and the checks hold you to:

- Tensors come in of any floating dtype (float32 and float64 at least) and on any device; your
  results keep the input's dtype and device. Make new tensors where the inputs live
  (`torch.zeros_like(x)`, `x.new_zeros(...)`, `device=x.device`), never through `.cpu()` or
  `.numpy()`: the checks also run your code on PyTorch's "meta" device, which has no data, to
  see that nothing leaves the device.
- Change nothing you are given unless the docstring says "in place": not its tensors, not their
  `.grad` or `requires_grad`, not a dict or a list passed in.
- "In place" means the same tensor object and the same storage (`data_ptr()` unchanged), so
  views and aliases of it see the new values: `w -= ...` or `w.copy_(...)`, never rebinding a
  name or `w.data`.
- Keep no state between calls (no module-level caches or globals): two calls in any order,
  interleaved (two forwards before either backward), give what each gives alone.
- A module built with its plain constructor holds parameters of torch's default dtype and
  device, as `nn.Linear` does, and follows `.to()`, `.double()` and the input afterwards.
- A parameter typed `Sequence[int]` takes any sequence (a list, a tuple, a range); an iterable
  of tensors (`params`) may be a one-shot generator such as `model.parameters()`: read it once.
- Where the task is to write something by hand (gradients, the SGD update, a custom
  `backward`), handing that work to torch earns none of its points.

Check your work with `pytest exercises/a1_backprop/` for the whole assignment, or
`pytest exercises/a1_backprop/test_manual_backprop.py` for one exercise; in the notebook, run
the check cell that follows each exercise. A failed check names the property that failed, the
smallest example that shows it, what was expected against what came back, and a hint.
"""
