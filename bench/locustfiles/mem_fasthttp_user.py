# make bench, memory: each FastHttpUser does one GET, then waits 600 s holding its connection.
from locust import FastHttpUser, constant, task


class IdleUser(FastHttpUser):
    wait_time = constant(600)

    @task
    def get(self):
        self.client.get("/")
