"""Pieces the screens share or hold apart from their own module."""
