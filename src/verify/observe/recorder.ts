import { cstrings, type Message } from './decoder.js';
import { SESSION_STATE, SQL_PREPARE } from '../../drivers/session-state.js';

export interface NamedStatement {
  name: string;
  /** First 200 characters of the first query text seen for this name. */
  query: string;
  parses: number;
  binds: number;
  describes: number;
  closes: number;
}

export interface Observation {
  /** Connections the command opened to the proxy with a start-up message that the proxy forwarded to the server (cancel requests aside). */
  clients: number;
  /** Of those, how many completed start-up (the server said ReadyForQuery): the driver really got in. */
  connections: number;
  /** Statements sent: Parse plus simple Query messages. */
  statements: number;
  /** Client connections whose first bytes were not a PostgreSQL start-up message. */
  notPostgres: number;
  /** Client connections the proxy could not connect to the server. */
  upstreamFailed: number;
  named: NamedStatement[];
  sqlPrepare: { kind: string; text: string; count: number }[];
  errors: { code: string; message: string; count: number }[];
  warnings: { kind: string; text: string; count: number }[];
}



/**
 * What a driver really sent: named statements (Parse/Bind/Describe/Close), SQL-level
 * PREPARE/EXECUTE/DEALLOCATE, 26000/42P05 errors, and session state that breaks transaction
 * pooling. Parameter values (Bind bodies past the names) are never read.
 */
export class Recorder {
  private named = new Map<string, NamedStatement>();
  private sql = new Map<string, { kind: string; text: string; count: number }>();
  private errs = new Map<string, { code: string; message: string; count: number }>();
  private warns = new Map<string, { kind: string; text: string; count: number }>();
  clients = 0;
  connections = 0;
  statements = 0;
  notPostgres = 0;
  upstreamFailed = 0;

  /**
   * One client connection that passed start-up negotiation: feeds both directions to this recorder,
   * and counts the connection once the server reports it ready (authentication done).
   */
  connection(): { frontend(m: Message): void; backend(m: Message): void } {
    this.clients++;
    let ready = false;
    return {
      frontend: (m) => this.frontend(m),
      backend: (m) => {
        if (m.type === 'Z' && !ready) {
          ready = true;
          this.connections++;
        }
        this.backend(m);
      },
    };
  }

  private stmt(name: string): NamedStatement {
    let s = this.named.get(name);
    if (!s) this.named.set(name, (s = { name, query: '', parses: 0, binds: 0, describes: 0, closes: 0 }));
    return s;
  }

  private bump<T extends { count: number }>(m: Map<string, T>, key: string, make: () => T): void {
    const v = m.get(key);
    if (v) v.count++;
    else m.set(key, make());
  }

  frontend(m: Message): void {
    if (m.type === 'P' || m.type === 'Q') this.statements++;
    if (m.type === 'P') {
      const [name, query] = cstrings(m.body, 2);
      if (name) {
        const s = this.stmt(name);
        s.parses++;
        if (!s.query) s.query = (query ?? '').slice(0, 200);
      }
    } else if (m.type === 'B') {
      const [, name] = cstrings(m.body, 2);
      if (name) this.stmt(name).binds++;
    } else if ((m.type === 'D' || m.type === 'C') && m.body[0] === 0x53 /* 'S' */) {
      const [name] = cstrings(m.body.subarray(1), 1);
      if (name) m.type === 'D' ? this.stmt(name).describes++ : this.stmt(name).closes++;
    } else if (m.type === 'Q') {
      const [text = ''] = cstrings(m.body, 1);
      for (const part of text.split(';')) {
        const sp = SQL_PREPARE.exec(part);
        if (sp) this.bump(this.sql, `${sp[1]!.toUpperCase()} ${part.trim().slice(0, 80)}`, () => ({ kind: sp[1]!.toUpperCase(), text: part.trim().slice(0, 200), count: 1 }));
      }
      this.sessionState(text);
    }
    if (m.type === 'P') this.sessionState(cstrings(m.body, 2)[1] ?? '');
  }

  private sessionState(text: string): void {
    for (const [kind, re] of SESSION_STATE) {
      for (const part of text.split(';')) if (re.test(part)) this.bump(this.warns, `${kind} ${part.trim().slice(0, 80)}`, () => ({ kind, text: part.trim().slice(0, 200), count: 1 }));
    }
  }

  backend(m: Message): void {
    if (m.type !== 'E') return;
    const fields: Record<string, string> = {};
    let pos = 0;
    while (pos < m.body.length && m.body[pos] !== 0) {
      const code = String.fromCharCode(m.body[pos]!);
      const end = m.body.indexOf(0, pos + 1);
      fields[code] = m.body.toString('utf8', pos + 1, end < 0 ? m.body.length : end);
      if (end < 0) break;
      pos = end + 1;
    }
    // Grouped by SQLSTATE; the first message stands as the example.
    if (fields.C === '26000' || fields.C === '42P05') this.bump(this.errs, fields.C, () => ({ code: fields.C!, message: (fields.M ?? '').slice(0, 200), count: 1 }));
  }

  snapshot(): Observation {
    return {
      clients: this.clients,
      connections: this.connections,
      statements: this.statements,
      notPostgres: this.notPostgres,
      upstreamFailed: this.upstreamFailed,
      named: [...this.named.values()].sort((a, b) => b.parses + b.binds - (a.parses + a.binds)),
      sqlPrepare: [...this.sql.values()],
      errors: [...this.errs.values()],
      warnings: [...this.warns.values()],
    };
  }
}
