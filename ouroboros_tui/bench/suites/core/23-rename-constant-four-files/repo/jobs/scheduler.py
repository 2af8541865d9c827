from jobs import config


def worst_case_wait():
    return sum(config.BACKOFF_S * 2**i for i in range(config.MAX_RETRIES))
