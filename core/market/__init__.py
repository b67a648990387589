"""The contract-net market that allocates extraction tasks to agents."""

from core.market.auction import AuctionResult, Bid, run_auction
from core.market.reputation import Reputation

__all__ = ["AuctionResult", "Bid", "Reputation", "run_auction"]
