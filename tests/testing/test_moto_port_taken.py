"""`MotoServer(port=N)` refuses a port something already listens on (another test session's
moto_server, say) instead of attaching to that server: its clients would share the other's
state, and `stop()` would leave the other running while this one's own child had died."""

from __future__ import annotations

import socket

import pytest

from eventkit.errors import SettingError
from eventkit.testing import MotoServer


@pytest.mark.moto
def test_a_port_another_moto_server_serves_is_refused(moto_server: MotoServer) -> None:
    other = MotoServer(port=moto_server.port, startup_timeout=20)
    with pytest.raises(SettingError) as caught:
        other.start()
    assert (caught.value.setting, caught.value.value) == ("port", str(moto_server.port))
    assert other.pid is None
    moto_server.client("sqs").list_queues()  # the session's server is untouched


def test_a_port_anything_listens_on_is_refused() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        server = MotoServer(port=port, startup_timeout=20)
        with pytest.raises(SettingError):
            server.start()
        assert server.pid is None
