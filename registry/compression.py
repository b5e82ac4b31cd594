"""gzip for what the API sends: the matrix as JSON or CSV shrinks to a tenth or less.

Only `/api/` answers are compressed. They carry no secret the client did not send (no CSRF
token), so compressing them exposes nothing to a BREACH-style attack; the HTML pages do carry
one, and are left to the proxy in front, which should compress them only with that in mind.
Static files are compressed ahead of time by WhiteNoise (CompressedManifestStaticFilesStorage).
"""

from django.middleware.gzip import GZipMiddleware


class ApiGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
