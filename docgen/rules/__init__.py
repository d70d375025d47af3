"""The Department's rules for a group's bundle; pure functions from Bundle to findings."""
