# make bench: one HttpUser task, no wait: GET / as fast as the target answers.
from locust import HttpUser, constant, task


class BenchUser(HttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get("/")
