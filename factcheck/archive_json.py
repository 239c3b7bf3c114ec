"""The JSON format of ``backup_archive``: Django's own, with every datetime and
time to the microsecond.

Django's ``DjangoJSONEncoder`` cuts them to the millisecond, so a restored
archive held other moments than the database it came from (and a moment 1-999
microseconds past a millisecond even lost its fraction). ``loaddata`` reads the
full precision with the ordinary JSON deserializer, so archives keep their
``.json`` name.
"""

import datetime

from django.core.serializers.json import Deserializer as Deserializer  # noqa: PLC0414
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.utils.timezone import is_aware

FORMAT = "archive-json"


class ArchiveJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ArchiveJSONEncoder
