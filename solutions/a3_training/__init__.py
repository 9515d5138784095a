"""a3_training: optimizers, schedules, initialisation and checkpoints.

In a1_backprop you updated weights by hand, and in a2_modules you packed them into
`nn.Module`s. This assignment is about what happens around them during training, the work
that `torch.optim` and `torch.nn.init` usually do for you: here you write it yourself, and the
graders compare every piece with torch's own.

The exercises, in this order:

- `sgd.py`: an optimizer from scratch, `SGD`, with momentum, dampening, weight decay and
  Nesterov, giving exactly the updates of `torch.optim.SGD`;
- `param_groups.py`: parameter groups, so that some layers (or the weights apart from the
  biases) get their own learning rate or weight decay;
- `init_weights.py`: where training starts, with Xavier and Kaiming initialisation applied to
  every submodule by `Module.apply`;
- `schedule.py`: the training loop, `zero_grad -> forward -> loss -> backward -> step`, and a
  learning-rate schedule stepped once per epoch;
- `checkpoint.py`: saving the model's and the optimizer's `state_dict`, so that training
  resumes exactly where it stopped.

Each file in `exercises/a3_training/` opens with an introduction and a worked example, each
function's docstring says exactly what it must do, and a `TODO` comment says where to start.
Replace the `raise NotImplementedError(...)` line with your code, then run the checks of the
whole assignment, with a score table, or of one exercise:

    pytest exercises/a3_training/
    pytest exercises/a3_training/test_sgd.py

If you work in the assignment's notebook instead, the same introductions and the same checks
are there, one exercise after the other.
Rules every exercise follows, and the checks hold you to:

- Tensors come in of any floating dtype (float32 and float64 at least) and on any device; your
  results keep the input's dtype and device. Make new tensors where the inputs live
  (`torch.zeros_like(x)`, `x.new_zeros(...)`, `device=x.device`), never through `.cpu()` or
  `.numpy()`: the checks also run your code on PyTorch's "meta" device, which has no data, to
  see that nothing leaves the device.
- Change nothing you are given unless the docstring says "in place": not its tensors, not their
  `.grad` or `requires_grad`, not a dict or a list passed in (an `overrides` dict, a list of
  parameters).
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

"""
