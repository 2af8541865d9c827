from net.client import fetch

BASE = "https://api.example.org"


def get_user(user_id):
    return fetch(f"{BASE}/users/{user_id}")
