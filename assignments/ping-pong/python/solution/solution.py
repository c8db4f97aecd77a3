from anysystem import Context, Message, Process


class Client(Process):
    """Receives Message('PING', {'value': v}) from its user and must deliver
    Message('PONG', {'value': v}) back to the user exactly once, however unreliable
    the network is. See the assignment's README.md."""

    def __init__(self, server: str):
        self._server = server

    def on_local_message(self, msg: Message, ctx: Context):
        # TODO: send the PING to self._server and make sure it gets there.
        pass

    def on_message(self, msg: Message, sender: str, ctx: Context):
        # TODO: deliver the matching PONG to the user with ctx.send_local, once.
        pass

    def on_timer(self, timer_name: str, ctx: Context):
        # TODO: retry if no answer came.
        pass


class Server(Process):
    """Answers every PING with a PONG carrying the same value."""

    def on_message(self, msg: Message, sender: str, ctx: Context):
        # TODO
        pass
