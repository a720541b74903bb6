# make bench, accuracy: GET /delay?ms=10 (LT_PATH overrides), no wait.
import os

from locust import FastHttpUser, constant, task

PATH = os.environ.get("LT_PATH", "/delay?ms=10")


class DelayUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get(PATH)
