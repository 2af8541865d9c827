def parse_records(lines):
    records = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, city = (part.strip() for part in line.split(","))
        records.append({"name": name, "city": city})
    return records
