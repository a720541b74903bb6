"""A realistic locustfile of about 300 lines, used by BenchmarkParse and as a golden.

It mixes what locustfiles usually contain: imports, module-level configuration read from the
environment, helper functions, several user classes with weighted tasks, nested task sets,
event hooks, a load shape, f-strings, comprehensions, try/except and with blocks.
"""
import json
import logging
import os
import random
import time
import uuid
from datetime import datetime, timedelta

from locust import (
    HttpUser,
    LoadTestShape,
    TaskSet,
    between,
    constant,
    events,
    tag,
    task,
)
from locust.exception import RescheduleTask, StopUser

logger = logging.getLogger(__name__)

HOST = os.environ.get("TARGET_HOST", "http://localhost:8080")
API_KEY = os.environ.get("API_KEY", "")
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "20"))
THINK_MIN, THINK_MAX = 0.5, 2.5
CATEGORIES = ["books", "music", "garden", "toys", "electronics"]
SEARCH_TERMS = ["lamp", "chair", "guitar", "novel", "drill", "kite"]
USERS = [
    {"email": f"user{i}@example.com", "password": f"secret-{i:03d}"}
    for i in range(1, 51)
]
stats = {"logins": 0, "orders": 0, "errors": 0}


def auth_headers(token=None):
    """Build request headers, with a bearer token when there is one."""
    headers = {"Accept": "application/json", "X-Api-Key": API_KEY}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def pick_quantity(low=1, high=5):
    return random.randint(low, high)


def parse_json(response, default=None):
    try:
        return response.json()
    except (ValueError, json.JSONDecodeError) as exc:
        logger.warning("bad JSON from %s: %s", response.url, exc)
        return default


def cart_total(items):
    return sum(item["price"] * item.get("quantity", 1) for item in items if item)


def format_money(value, currency="EUR"):
    return f"{value:,.2f} {currency}"


class BrowsingTasks(TaskSet):
    """Anonymous browsing: home page, categories, product pages, search."""

    @task(5)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def category(self):
        name = random.choice(CATEGORIES)
        page = random.randint(1, 5)
        self.client.get(f"/category/{name}?page={page}", name="/category/[name]")

    @task(4)
    def product(self):
        product_id = random.randint(1, 1000)
        with self.client.get(
            f"/products/{product_id}", name="/products/[id]", catch_response=True
        ) as response:
            if response.status_code == 404:
                response.success()
            elif response.status_code != 200:
                response.failure(f"unexpected status {response.status_code}")
            elif "price" not in response.text:
                response.failure("no price in page")

    @task(2)
    def search(self):
        term = random.choice(SEARCH_TERMS)
        params = {"q": term, "limit": PAGE_SIZE}
        response = self.client.get("/api/v1/products", params=params, name="search")
        data = parse_json(response, {"items": []})
        names = [item["name"] for item in data.get("items", []) if "name" in item]
        if not names and term != "kite":
            logger.info("no results for %r", term)

    @task(1)
    def stop(self):
        self.interrupt()


class ForumTasks(TaskSet):
    tasks = {BrowsingTasks: 1}

    def on_start(self):
        self.thread_ids = list(range(1, 20))

    @task(3)
    def list_threads(self):
        self.client.get("/forum")

    @task(2)
    def read_thread(self):
        thread = random.choice(self.thread_ids)
        self.client.get(f"/forum/thread/{thread}", name="/forum/thread/[n]")

    @task
    def leave(self):
        self.interrupt(reschedule=False)


class ShopperUser(HttpUser):
    """A registered customer who logs in, fills a cart and sometimes orders."""

    host = HOST
    weight = 3
    wait_time = between(THINK_MIN, THINK_MAX)

    def on_start(self):
        self.token = None
        self.cart_id = None
        self.items = []
        credentials = USERS.pop() if USERS else {"email": "anon@example.com", "password": "x"}
        self.login(**credentials)

    def on_stop(self):
        if self.token:
            self.client.post("/api/auth/logout", headers=auth_headers(self.token))

    def login(self, email, password):
        response = self.client.post(
            "/api/auth/login",
            json={"email": email, "password": password},
            name="login",
        )
        if response.status_code != 200:
            stats["errors"] += 1
            raise StopUser()
        self.token = parse_json(response, {}).get("token")
        stats["logins"] += 1

    @tag("cart")
    @task(4)
    def add_to_cart(self):
        product_id = random.randint(1, 1000)
        quantity = pick_quantity()
        payload = {"productId": product_id, "quantity": quantity}
        if self.cart_id is None:
            response = self.client.post("/api/cart", json={}, headers=auth_headers(self.token))
            self.cart_id = parse_json(response, {}).get("cartId")
        response = self.client.post(
            "/api/v1/cart/items", json=payload, headers=auth_headers(self.token), name="add item"
        )
        if response.status_code in (200, 201):
            self.items.append({"id": product_id, "price": random.uniform(1, 99), "quantity": quantity})
        else:
            raise RescheduleTask()

    @tag("cart")
    @task(2)
    def view_cart(self):
        if not self.cart_id:
            return
        response = self.client.get(f"/api/cart/{self.cart_id}", name="/api/cart/[id]")
        cart = parse_json(response, {"items": []})
        total = cart_total(cart.get("items") or self.items)
        logger.debug("cart %s holds %d items worth %s", self.cart_id, len(self.items), format_money(total))

    @tag("order")
    @task(1)
    def checkout(self):
        if len(self.items) < 2:
            return
        order = {
            "cartId": self.cart_id,
            "items": [{"id": i["id"], "quantity": i["quantity"]} for i in self.items],
            "requestId": str(uuid.uuid4()),
            "placedAt": datetime.utcnow().isoformat(),
        }
        start = time.time()
        response = self.client.post("/api/orders", json=order, headers=auth_headers(self.token))
        elapsed_ms = (time.time() - start) * 1000
        if response.status_code == 201:
            stats["orders"] += 1
            self.items, self.cart_id = [], None
        elif elapsed_ms > 2000 or response.status_code >= 500:
            stats["errors"] += 1
            logger.error("order failed after %.0f ms: %s", elapsed_ms, response.status_code)

    @task(2)
    def wishlist(self):
        ids = random.sample(range(1, 1000), k=3)
        self.client.post("/api/wishlist", json={"ids": ids}, headers=auth_headers(self.token))


class BrowserUser(HttpUser):
    host = HOST
    weight = 5
    wait_time = between(1, 4)
    tasks = [BrowsingTasks, ForumTasks]


class AdminUser(HttpUser):
    host = HOST
    fixed_count = 1
    wait_time = constant(5)

    def on_start(self):
        self.client.post("/admin/login", data={"user": "admin", "password": API_KEY or "admin"})

    @task
    def dashboard(self):
        self.client.get("/admin/dashboard")

    @task
    def users(self):
        for page in range(1, 4):
            response = self.client.get(f"/admin/users?page={page}", name="/admin/users")
            if response.status_code != 200:
                break
        else:
            logger.debug("read all user pages")

    @task
    def export(self):
        with self.client.get("/admin/reports/export?format=csv", catch_response=True) as resp:
            rows = resp.text.splitlines() if resp.status_code == 200 else []
            if len(rows) <= 1:
                resp.failure("empty export")


class StepLoadShape(LoadTestShape):
    """Adds users in steps, then holds, then stops."""

    step_time = 30
    step_users = 10
    spawn_rate = 5
    time_limit = 600

    def tick(self):
        run_time = self.get_run_time()
        if run_time > self.time_limit:
            return None
        current_step = run_time // self.step_time + 1
        users = min(current_step * self.step_users, 100)
        return users, self.spawn_rate


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    logger.info("test starting against %s with %d known users", HOST, len(USERS))


@events.request.add_listener
def on_request(request_type, name, response_time, response_length, exception, **kwargs):
    if exception is not None:
        stats["errors"] += 1
    elif response_time > 5000:
        logger.warning("%s %s took %d ms", request_type, name, response_time)


@events.test_stop.add_listener
def on_test_stop(environment, **kwargs):
    summary = ", ".join(f"{key}={value}" for key, value in sorted(stats.items()))
    logger.info("test finished: %s", summary)
    deadline = datetime.now() + timedelta(seconds=1)
    while datetime.now() < deadline and stats["errors"] > 1000:
        time.sleep(0.1)
        break


@events.quitting.add_listener
def check_failures(environment, **kwargs):
    total = environment.stats.total
    ratio = total.fail_ratio if total.num_requests else 0.0
    if ratio > 0.01:
        logger.error("failure ratio %.2f%% is above 1%%", ratio * 100)
        environment.process_exit_code = 1
    elif total.get_response_time_percentile(0.95) > 800:
        environment.process_exit_code = 1
    else:
        environment.process_exit_code = 0
