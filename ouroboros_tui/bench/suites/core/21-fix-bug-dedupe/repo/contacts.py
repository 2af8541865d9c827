def unique_emails(emails):
    return sorted(set(emails))
