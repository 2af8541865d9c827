from jobs.config import MAX_RETRIES as LIMIT


def describe(attempts):
    return f"{attempts}/{LIMIT} attempts"
