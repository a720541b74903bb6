# make bench, memory: each HttpUser does one GET, then waits 600 s holding its connection.
from locust import HttpUser, constant, task


class IdleUser(HttpUser):
    wait_time = constant(600)

    @task
    def get(self):
        self.client.get("/")
