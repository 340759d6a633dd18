"""A run's lifecycle as Scrapy components: the state across runs, what to fetch again,
where requests may go, retries, the lock, the output files, the verdict and its report,
interrupts, the checks before a run starts.
"""
