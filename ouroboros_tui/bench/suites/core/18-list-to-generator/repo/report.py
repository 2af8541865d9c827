from records import parse_records


def count_by_city(lines):
    records = parse_records(lines)
    counts = {}
    for record in records:
        counts[record["city"]] = counts.get(record["city"], 0) + 1
    return counts, len(records)
