from anysystem import Context, Message, Process

# Longer than a round trip over the assignment's reliable 1-second network, so a healthy run never retries.
RETRY_EVERY = 3

# Wire format (our choice; only the local messages are fixed by the spec):
#   DATA {seq, text}  sender -> receiver, seq = 0, 1, 2, ... in the order the user sent them
#   ACK  {seq}        receiver -> sender, for every DATA received (not in AT_MOST_ONCE)
# The sequence number, not the text, identifies a message: the user may send the same text twice.


class Sender(Process):
    def __init__(self, receiver: str, mode: str):
        self._receiver = receiver
        self._mode = mode
        self._next_seq = 0
        # Messages sent but not acknowledged yet, by sequence number; always empty in AT_MOST_ONCE.
        self._unacked = {}

    def on_local_message(self, msg: Message, ctx: Context):
        if msg.type != 'MESSAGE':
            return
        seq = self._next_seq
        self._next_seq += 1
        ctx.send(Message('DATA', {'seq': seq, 'text': msg['text']}), self._receiver)
        # At most once: one attempt, never repeated, so nothing to remember.
        if self._mode == 'AT_MOST_ONCE':
            return
        self._unacked[seq] = msg['text']
        ctx.set_timer_once('retry', RETRY_EVERY)

    def on_message(self, msg: Message, sender: str, ctx: Context):
        if msg.type != 'ACK':
            return
        self._unacked.pop(msg['seq'], None)
        # Stop retrying once everything is acknowledged, so the system goes quiet.
        if not self._unacked:
            ctx.cancel_timer('retry')

    def on_timer(self, timer_name: str, ctx: Context):
        if not self._unacked:
            return
        for seq, text in self._unacked.items():
            ctx.send(Message('DATA', {'seq': seq, 'text': text}), self._receiver)
        ctx.set_timer('retry', RETRY_EVERY)


class Receiver(Process):
    def __init__(self, sender: str, mode: str):
        self._sender = sender
        self._mode = mode
        # Sequence numbers already delivered (AT_MOST_ONCE, EXACTLY_ONCE).
        self._delivered = set()
        # EXACTLY_ONCE_ORDERED: every seq below this one has been delivered, in order.
        self._next_to_deliver = 0
        # EXACTLY_ONCE_ORDERED: messages that arrived ahead of a gap, waiting for it to fill.
        self._waiting = {}

    def on_message(self, msg: Message, sender: str, ctx: Context):
        if msg.type != 'DATA':
            return
        seq, text = msg['seq'], msg['text']
        if self._mode == 'AT_MOST_ONCE':
            # The network may duplicate: deliver the first copy only, and never acknowledge.
            self._deliver_once(seq, text, ctx)
            return
        if self._mode == 'AT_LEAST_ONCE':
            ctx.send_local(Message('MESSAGE', {'text': text}))
        elif self._mode == 'EXACTLY_ONCE':
            self._deliver_once(seq, text, ctx)
        else:
            self._deliver_in_order(seq, text, ctx)
        # Acknowledge duplicates too: the copy may be a retry sent because our first ACK was lost.
        ctx.send(Message('ACK', {'seq': seq}), self._sender)

    def _deliver_once(self, seq, text, ctx):
        if seq in self._delivered:
            return
        self._delivered.add(seq)
        ctx.send_local(Message('MESSAGE', {'text': text}))

    def _deliver_in_order(self, seq, text, ctx):
        if seq < self._next_to_deliver:
            return  # delivered already
        self._waiting[seq] = text
        # Deliver the run of consecutive messages this one may have completed.
        while self._next_to_deliver in self._waiting:
            ctx.send_local(Message('MESSAGE', {'text': self._waiting.pop(self._next_to_deliver)}))
            self._next_to_deliver += 1
