"""The sandbox chat page, tested in a real browser."""
