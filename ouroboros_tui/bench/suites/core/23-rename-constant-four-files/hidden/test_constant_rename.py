from jobs import config, scheduler, status, worker


def test_renamed_everywhere():
    assert config.RETRY_LIMIT == 3
    assert not hasattr(config, "MAX_RETRIES")
    assert worker.run(lambda n: n == 3) == 3
    assert worker.run(lambda n: False) is None
    assert scheduler.worst_case_wait() == 3.5
    assert status.describe(2) == "2/3 attempts"
