import warnings

import stats
import summary


def test_old_mean_is_gone():
    assert not hasattr(stats, "old_mean")


def test_callers_work_without_deprecation_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert summary.describe([1, 2, 3, 6]) == {"mean": 3.0, "spread": 5}
        assert summary.mean_of_means([[1, 3], [5]]) == 3.5
