from anysystem import Context, Message, Process

RETRY_EVERY = 3


class Client(Process):
    """Asks the server, retries until the answer comes, answers its user exactly once per PING."""

    def __init__(self, server: str):
        self._server = server
        self._seq = 0
        # Wire messages carry a request number so that a late reply to an older PING is never taken for the current one.
        self._pending = None

    def on_local_message(self, msg: Message, ctx: Context):
        if msg.type != 'PING':
            return
        self._seq += 1
        self._pending = {'seq': self._seq, 'value': msg['value']}
        ctx.send(Message('PING', self._pending), self._server)
        ctx.set_timer('retry', RETRY_EVERY)

    def on_message(self, msg: Message, sender: str, ctx: Context):
        if msg.type != 'PONG' or self._pending is None or msg['seq'] != self._pending['seq']:
            return
        ctx.send_local(Message('PONG', {'value': msg['value']}))
        self._pending = None
        ctx.cancel_timer('retry')

    def on_timer(self, timer_name: str, ctx: Context):
        if self._pending is None:
            return
        ctx.send(Message('PING', self._pending), self._server)
        ctx.set_timer('retry', RETRY_EVERY)


class Server(Process):
    def on_message(self, msg: Message, sender: str, ctx: Context):
        if msg.type == 'PING':
            ctx.send(Message('PONG', msg.data), sender)
