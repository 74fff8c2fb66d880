from services.contracts.store import metadata
from shared.migrations import run_env

run_env(metadata)
