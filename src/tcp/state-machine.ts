// RFC 9293 endpoint state machine (section 3.3.2, figure 5), driven by what one endpoint sent and received.
// Pure: the caller decides what a segment means for each side (the sender "sends", the peer "receives").
import { TCP_FLAGS } from '../model/segment.js';
import type { TcpState } from '../model/tcp-state.js';

// A TCP endpoint's state with the kernel's names, plus CLOSED for "no connection" (the kernel's TCP_CLOSE).
export type EndpointState = TcpState | 'CLOSED';

// One event at an endpoint: a segment it sent or received, with the facts the transition needs.
export interface EndpointEvent {
  direction: 'send' | 'recv';
  flags: number;
  // For a received segment: its ACK covers this endpoint's FIN.
  acksOurFin: boolean;
}

const { FIN, SYN, RST, ACK } = TCP_FLAGS;

// The state an endpoint moves to after an event; unchanged when the event does not move it.
export function stepEndpoint(state: EndpointState, event: EndpointEvent): EndpointState {
  const f = event.flags;
  if (event.direction === 'send') return stepSend(state, f);
  return stepRecv(state, f, event.acksOurFin);
}

function stepSend(state: EndpointState, f: number): EndpointState {
  // Sending a RST aborts in any state; a listener that answers with RST simply had no socket for it.
  if ((f & RST) !== 0) return 'CLOSED';
  const syn = (f & SYN) !== 0;
  const fin = (f & FIN) !== 0;
  switch (state) {
    case 'CLOSED':
      if (syn && (f & ACK) === 0) return 'SYN_SENT';
      // A SYN-ACK from an endpoint we never saw listening: it was listening.
      if (syn) return 'SYN_RECV';
      return state;
    case 'LISTEN':
      if (syn) return (f & ACK) !== 0 ? 'SYN_RECV' : 'SYN_SENT';
      return state;
    case 'SYN_SENT':
      // Simultaneous open: answering the peer's SYN with our own SYN-ACK.
      if (syn && (f & ACK) !== 0) return 'SYN_RECV';
      // close() before the handshake finished deletes the connection.
      if (fin) return 'CLOSED';
      return state;
    case 'SYN_RECV':
    case 'ESTABLISHED':
      return fin ? 'FIN_WAIT1' : state;
    case 'CLOSE_WAIT':
      return fin ? 'LAST_ACK' : state;
    default:
      return state;
  }
}

function stepRecv(state: EndpointState, f: number, acksOurFin: boolean): EndpointState {
  const syn = (f & SYN) !== 0;
  const ack = (f & ACK) !== 0;
  const fin = (f & FIN) !== 0;
  if ((f & RST) !== 0) {
    // A listener survives a reset; every connection state is torn down by one (RFC 9293 3.10.7.4).
    return state === 'LISTEN' ? 'LISTEN' : 'CLOSED';
  }
  switch (state) {
    case 'CLOSED':
      // A SYN to an endpoint we never saw: it was listening; the SYN alone does not move it until it answers.
      return syn && !ack ? 'LISTEN' : state;
    case 'LISTEN':
      return state;
    case 'SYN_SENT':
      if (syn && ack) return 'ESTABLISHED';
      // Simultaneous open: the peer's SYN crossed ours.
      if (syn) return 'SYN_RECV';
      return state;
    case 'SYN_RECV':
      if (fin && ack) return 'CLOSE_WAIT';
      if (ack) return 'ESTABLISHED';
      return state;
    case 'ESTABLISHED':
      return fin ? 'CLOSE_WAIT' : state;
    case 'FIN_WAIT1':
      if (fin) return acksOurFin ? 'TIME_WAIT' : 'CLOSING';
      return acksOurFin ? 'FIN_WAIT2' : state;
    case 'FIN_WAIT2':
      return fin ? 'TIME_WAIT' : state;
    case 'CLOSING':
      return acksOurFin ? 'TIME_WAIT' : state;
    case 'LAST_ACK':
      return acksOurFin ? 'CLOSED' : state;
    default:
      return state;
  }
}
