from anysystem import Context, Message, Process

# The four delivery guarantees; the tests build each Sender / Receiver pair with one of them:
# 'AT_MOST_ONCE', 'AT_LEAST_ONCE', 'EXACTLY_ONCE', 'EXACTLY_ONCE_ORDERED'.


class Sender(Process):
    """Gets Message('MESSAGE', {'text': t}) from its user and sends it to the receiver over an
    unreliable network, with the guarantee `mode`. The network message format is yours to
    choose. See the assignment's README.md."""

    def __init__(self, receiver: str, mode: str):
        self._receiver = receiver
        self._mode = mode

    def on_local_message(self, msg: Message, ctx: Context):
        # TODO: send the user's message to self._receiver; unless mode is AT_MOST_ONCE, make sure it gets there.
        pass

    def on_message(self, msg: Message, sender: str, ctx: Context):
        # TODO: handle what the receiver sends back (if anything).
        pass

    def on_timer(self, timer_name: str, ctx: Context):
        # TODO: retry what has not been acknowledged (never in AT_MOST_ONCE).
        pass


class Receiver(Process):
    """Delivers each message to its user as Message('MESSAGE', {'text': t}) with
    ctx.send_local, as often and in the order `mode` requires."""

    def __init__(self, sender: str, mode: str):
        self._sender = sender
        self._mode = mode

    def on_message(self, msg: Message, sender: str, ctx: Context):
        # TODO: deliver according to self._mode, and tell the sender what arrived (if the mode needs it).
        pass
