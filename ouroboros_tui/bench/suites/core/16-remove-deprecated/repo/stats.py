import warnings


def old_mean(values):
    warnings.warn("old_mean is deprecated; use statistics.fmean", DeprecationWarning, stacklevel=2)
    return sum(values) / len(values)


def spread(values):
    return max(values) - min(values)
