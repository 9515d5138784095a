"""Wrong: init_weights builds each new weight in a fresh tensor and rebinds `m.weight.data` to it: the values look right, but the parameter's storage changed, so a view or an alias of it (an optimizer's copy, a tied weight) keeps the old values."""

CAUGHT_BY = ["initialize_changes_values_in_place"]


def init_weights(m: nn.Module) -> None:
    if isinstance(m, nn.Linear):
        m.weight.data = nn.init.xavier_uniform_(torch.empty_like(m.weight))
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Conv2d):
        m.weight.data = nn.init.kaiming_normal_(
            torch.empty_like(m.weight), mode="fan_out", nonlinearity="relu"
        )
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
        if m.weight is not None:
            nn.init.ones_(m.weight)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
