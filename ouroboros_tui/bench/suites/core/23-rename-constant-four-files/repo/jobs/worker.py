from jobs.config import MAX_RETRIES


def run(job):
    for attempt in range(1, MAX_RETRIES + 1):
        if job(attempt):
            return attempt
    return None
