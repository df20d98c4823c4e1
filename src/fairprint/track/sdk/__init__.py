"""SDK adapters: each module turns one provider's response or stream chunks into ``Usage``.

They never patch, time or store anything (that is ``fairprint.track._patch`` and the
tracker); they only read. Every adapter exposes ``PROVIDER``, ``response_usage(response)``
and a ``StreamUsage`` accumulator with ``observe(chunk)`` and ``usage()``.
"""
