from store import load_user


def load_names(ids, done):
    names = {}

    def collect(user_id):
        def on_user(error, user):
            if error is not None:
                done(error, None)
                return
            names[user_id] = user["name"]
            if len(names) == len(ids):
                done(None, [names[i] for i in ids])
        return on_user

    for user_id in ids:
        load_user(user_id, collect(user_id))
