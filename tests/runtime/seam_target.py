"""A stand-in for a Rasa internal, replaced by tests/runtime/test_seams.py."""


class Target:
    def method(self, message: str) -> str:
        return f"original {message}"
