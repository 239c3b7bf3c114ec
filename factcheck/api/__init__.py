"""
The versioned, read-only public API (``/api/v1/``), built with Django REST
framework; drf-spectacular writes its OpenAPI 3 description from this code.

It shows what the public site shows and nothing more: every view starts from
the public QuerySets (``Claim.objects.published()``, ``public_stories()``…),
the claim list takes the public list's own :class:`~factcheck.public.filters.ClaimFilter`,
and every answer goes through the public page cache
(:func:`~factcheck.public.caching.public_page`: ETag, Last-Modified, one
render per change of public content) and is gzipped.
"""
