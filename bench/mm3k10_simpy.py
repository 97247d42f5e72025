#!/usr/bin/python3
"""M/M/3/10 in SimPy, written the way SimPy's documentation writes such models: one generator process per
customer, a Resource with 3 servers, arrivals that find 10 in the system are lost. Prints one JSON object
(customers per second, blocking probability, mean number waiting) for bench/mm3k10.sh.

Usage: mm3k10_simpy.py [replications=3] [arrivals=100000]
"""
import json
import random
import sys
import time

import simpy

SERVERS = 3
CAPACITY = 10  # at most 10 in the system: 3 in service + 7 waiting
ARRIVAL_RATE = 2.5
SERVICE_RATE = 1.0


def run(seed, arrivals):
    rng = random.Random(seed)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    stats = {"arrivals": 0, "blocked": 0, "queue_area": 0.0, "last": 0.0}

    def queue_changed():
        # Time-weighted number waiting: called just before the queue may change (a request joins it, or a
        # release hands the server to the first waiter), so the closing interval uses the old length.
        stats["queue_area"] += len(servers.queue) * (env.now - stats["last"])
        stats["last"] = env.now

    def customer():
        queue_changed()
        with servers.request() as request:
            yield request
            yield env.timeout(rng.expovariate(SERVICE_RATE))
            queue_changed()

    def source():
        for _ in range(arrivals):
            stats["arrivals"] += 1
            if servers.count + len(servers.queue) >= CAPACITY:
                stats["blocked"] += 1
            else:
                env.process(customer())
            yield env.timeout(rng.expovariate(ARRIVAL_RATE))

    env.process(source())
    env.run()
    queue_changed()
    return stats["arrivals"], stats["blocked"], stats["queue_area"], env.now


def main():
    replications = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    arrivals = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    total = [0, 0, 0.0, 0.0]
    start = time.process_time()
    for rep in range(replications):
        for i, value in enumerate(run(rep + 1, arrivals)):
            total[i] += value
    seconds = time.process_time() - start
    print(json.dumps({"simpy": {
        "replications": replications, "arrivals": total[0], "cpu_seconds": seconds,
        "customers_per_second": total[0] / seconds, "blocking": total[1] / total[0],
        "mean_queue": total[2] / total[3], "simpy_version": simpy.__version__}}))


if __name__ == "__main__":
    main()
