# make bench, scale: a User without sockets that waits in Go between tiny tasks.
from locust import User, constant, task


class PlainUser(User):
    wait_time = constant(1)

    @task
    def tick(self):
        pass
