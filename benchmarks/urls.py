"""The benchmark's root URLconf: the project's, plus its floors and peer
(:mod:`benchmarks.floors`). Never a URLconf of the running site."""

from django.urls import include, path

from factcheck import urls as project

from . import floors

urlpatterns = [
    *project.urlpatterns[:2],
    path("admin-peer/", floors.peer_site.urls),
    *project.urlpatterns[2:],
    # Last, inside an include as the public pages are: resolving it walks
    # every pattern of the project first, as resolving a public page does.
    path(
        "",
        include([path("bench-floor/<str:name>/", floors.framework_floor, name="bench_floor")]),
    ),
]
handler404 = project.handler404
