"""Thai text: digits, names and prefixes, dates (พ.ศ.), PDF text repair, national IDs, places."""
