# make bench: one FastHttpUser task, no wait: GET / as fast as the target answers.
from locust import FastHttpUser, constant, task


class BenchUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def get(self):
        self.client.get("/")
