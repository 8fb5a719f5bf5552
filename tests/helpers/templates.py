"""Every test's app compiles the same templates: `CompiledTemplates` keeps what Jinja compiled for the
apps of the whole run (compiling took up to a tenth of a second of each web test). Jinja checks each
template's source against the checksum kept with its code, so an edited template is compiled again."""

from jinja2 import BytecodeCache


class CompiledTemplates(BytecodeCache):
    def __init__(self):
        self.bytecode: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.bytecode:
            bucket.bytecode_from_string(self.bytecode[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.bytecode[bucket.key] = bucket.bytecode_to_string()
