# make bench, accuracy: FastHttpUsers GET /delay?ms=$LAT_MS (10) with no wait.
# A request listener sees the response_time gust records in its statistics
# (float ms); at test_stop it prints the exact p50/p99 of those samples,
# which the CSV can only show rounded to whole milliseconds as Locust does.
import os

from locust import FastHttpUser, constant, events, task

PATH = "/delay?ms=" + os.environ.get("LAT_MS", "10")

samples = []


@events.request.add_listener
def on_request(response_time, exception, **kwargs):
    if exception is None:
        samples.append(response_time)


@events.test_stop.add_listener
def on_test_stop(**kwargs):
    s = sorted(samples)
    if not s:
        print("GUST_LATENCY n=0")
        return
    def pct(p):
        return s[min(len(s) - 1, int(len(s) * p))]
    print("GUST_LATENCY n=%d p50=%.3f p99=%.3f" % (len(s), pct(0.5), pct(0.99)))


class DelayUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get(PATH)
