"""Importing operators' files: activities, turnout, voters, targets and boundaries (see result.ImportResult)."""
