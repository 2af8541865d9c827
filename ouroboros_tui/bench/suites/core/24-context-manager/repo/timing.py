import time


class Timer:
    def __init__(self, clock=time.perf_counter):
        self.clock = clock
        self.started = None
        self.elapsed = None

    def start(self):
        self.started = self.clock()
        return self

    def stop(self):
        self.elapsed = self.clock() - self.started
        return self.elapsed
