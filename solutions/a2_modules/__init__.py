"""a2_modules: nn.Module, parameters and custom autograd.

In a1 the weights were loose tensors and the network a plain function. Real PyTorch code packs
both into an `nn.Module`: the module holds the state (its parameters, registered when you assign
a layer or an `nn.Parameter` as an attribute) and `forward` holds the computation. This
assignment is about what that packaging does for you, and about its traps: what is registered
and what is not (a plain tensor or Python list is not; `nn.ModuleList` is), how to walk a model
(`parameters()`, `named_parameters()`, `children()` against `modules()`), the shape arithmetic
of convolution and pooling, losses as modules, and, at the end, teaching autograd a new
operation.

The exercises come in this order:

1. `two_layer_net`: the network of a1 as an `nn.Module`.
2. `lenet`: the convolutional network of the PyTorch tutorial, and why its first linear layer
   takes 16 * 6 * 6 inputs.
3. `rmse_loss`: a loss written as a module, with `eps` inside the square root so that the
   gradient stays finite at a perfect fit.
4. `mlp`: a network built from a list of sizes, its layers registered with `nn.ModuleList`.
5. `my_relu`: a `torch.autograd.Function` with a hand-written backward, using
   `ctx.save_for_backward`.

Each exercise file opens with an introduction and a worked example you can run, and each class
or function has a docstring saying exactly what it must do.

Rules every exercise follows, and the checks hold you to:

- Tensors come in of any floating dtype (float32 and float64 at least) and on any device; your
  results keep the input's dtype and device. Make new tensors where the inputs live
  (`torch.zeros_like(x)`, `x.new_zeros(...)`, `device=x.device`), never through `.cpu()` or
  `.numpy()`: the checks also run your code on PyTorch's "meta" device, which has no data, to
  see that nothing leaves the device.
- Change nothing you are given unless the docstring says "in place": not its tensors, not their
  `.grad` or `requires_grad`, not a dict or a list passed in, not the `grad_output` a custom
  `backward` receives.
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

Check your work with `pytest exercises/a2_modules/` for the whole assignment, or
`pytest exercises/a2_modules/test_mlp.py` for one exercise; in the notebook, run the check cell
that follows each exercise. A failed check names the property that failed, the smallest example
that shows it, what was expected against what came back, and a hint.
"""
