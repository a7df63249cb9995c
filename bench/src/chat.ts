// Web chat benchmark: many concurrent residents on one Loket server process (PostgreSQL server).
//   npm run bench:chat -w bench -- [--clients 1000] [--messages 10] [--think-ms 5000]
// Loket runs as its own process (`loket start`, demo seed for the knowledge base), the clients here.
// Measures: the message round trip (send → the server's ack, which comes after the message is stored
// and published), memory per idle connection (the server's V8 heap and RSS after a full garbage
// collection, asked for over the inspector protocol), and exactness across a forced reconnect of
// every client: each drops its socket with a message unacknowledged, reconnects with its last number,
// resends; afterwards every conversation must hold each message once and every client must have seen
// every number once.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import WebSocket from 'ws';
import { nodeCpuMeter, processCpuSeconds } from './cpu.ts';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const clients = arg('clients', 1000);
const messagesPerClient = arg('messages', 10);
const thinkMs = arg('think-ms', 5000);
const serverUrl = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'loket_bench_chat';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const questions = [
  'Hoe vraag ik een paspoort aan?',
  'Wanneer wordt het grofvuil opgehaald?',
  'Ik ga verhuizen, wat moet ik doen?',
  'Hoe krijg ik een parkeervergunning?',
  'De lantaarnpaal in mijn straat is kapot',
  'Kan ik kwijtschelding krijgen van de gemeentelijke belastingen?',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
const rssMb = (pid: number) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : Number.NaN;
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function freshDatabase() {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

// The server's memory after a full collection, over the inspector protocol (the server runs with
// --inspect on a loopback port): RSS alone moves with the collector by more than 1,000 idle
// connections take, so a before/after of RSS said nothing (it even came out negative).
async function collectedMemory(inspectPort: number, pid: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target?.webSocketDebuggerUrl ?? '');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 0;
  const call = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = ++nextId;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(String(data)) as { id?: number; result?: Record<string, number> };
        if (reply.id !== id) return;
        socket.off('message', onMessage);
        resolve(reply.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method }));
    });
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const { usedSize = Number.NaN } = await call('Runtime.getHeapUsage');
  socket.close();
  await sleep(500);
  return { heapMb: usedSize / 1024 / 1024, rssMb: rssMb(pid) };
}

async function startServer(databaseUrl: string) {
  const port = await freePort();
  const inspectPort = await freePort();
  const nodeArgs = ['--import', 'tsx', `--inspect=127.0.0.1:${inspectPort}`, 'server/src/main.ts', 'start'];
  const child = spawn(process.execPath, nodeArgs, {
    cwd: repo,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOKET_LOG_LEVEL: 'warn',
      LOKET_SESSION_SECRET: 'bench-'.padEnd(40, 'x'),
      LOKET_SMTP_PORT: '0',
      LOKET_CHAT_CONNECTIONS_PER_IP: String(clients * 2),
      LOKET_CHAT_FRAMES_PER_IP: '100000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, port, inspectPort };
    await sleep(500);
  }
  throw new Error('Loket did not start');
}

type Frame = { type: string; seq?: number; clientId?: string; conversationId?: string; resumeToken?: string };

class Resident {
  socket!: WebSocket;
  conversationId = '';
  resumeToken = '';
  seen = new Map<number, number>(); // seq → times received
  acks = new Map<string, (seq: number) => void>();
  rtts: number[] = [];
  sent = 0;

  constructor(private url: string) {}

  get lastSeq() {
    let n = 0;
    while (this.seen.has(n + 1)) n++;
    return n;
  }

  async connect() {
    this.socket = new WebSocket(this.url);
    const welcomed = new Promise<void>((resolve, reject) => {
      this.socket.on('message', (raw) => {
        const f = JSON.parse(String(raw)) as Frame;
        if (f.type === 'welcome') {
          if (f.resumeToken) this.resumeToken = f.resumeToken;
          this.conversationId = f.conversationId ?? this.conversationId;
          resolve();
        } else if (f.type === 'message' && f.seq) {
          this.seen.set(f.seq, (this.seen.get(f.seq) ?? 0) + 1);
        } else if (f.type === 'ack' && f.clientId) {
          this.acks.get(f.clientId)?.(f.seq ?? 0);
        } else if (f.type === 'error') {
          reject(new Error(JSON.stringify(f)));
        }
      });
      this.socket.on('error', reject);
    });
    await new Promise((resolve, reject) => {
      this.socket.once('open', resolve);
      this.socket.once('error', reject);
    });
    this.socket.send(
      JSON.stringify(
        this.conversationId
          ? {
              type: 'hello',
              conversationId: this.conversationId,
              resumeToken: this.resumeToken,
              lastSeq: this.lastSeq,
            }
          : { type: 'hello' },
      ),
    );
    await welcomed;
  }

  send(clientId: string, text: string): Promise<number> {
    const acked = new Promise<number>((resolve) => this.acks.set(clientId, resolve));
    this.socket.send(JSON.stringify({ type: 'message', clientId, text }));
    return acked;
  }

  async timedSend(clientId: string, text: string) {
    const t = performance.now();
    await this.send(clientId, text);
    this.rtts.push(performance.now() - t);
    this.sent++;
  }
}

async function main() {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ');
  process.stdout.write(`load average (1/5/15 min) at the start: ${load()}\n`);
  const databaseUrl = await freshDatabase();
  process.stdout.write(`Loket starten op ${dbName} (demo-seed)…\n`);
  const { child, port, inspectPort } = await startServer(databaseUrl);
  const pid = child.pid ?? 0;
  await sleep(2000);
  const before = await collectedMemory(inspectPort, pid);
  const url = `ws://127.0.0.1:${port}/api/v1/public/chat`;
  const residents = Array.from({ length: clients }, () => new Resident(url));
  for (let i = 0; i < residents.length; i += 100) {
    await Promise.all(residents.slice(i, i + 100).map((r) => r.connect()));
  }
  await sleep(2000);
  const idle = await collectedMemory(inspectPort, pid);
  const perConnection = (from: number, to: number) => (((to - from) * 1024) / clients).toFixed(1);
  process.stdout.write(
    `${clients} verbonden, na volledige garbage collection: heap ${before.heapMb.toFixed(1)} → ${idle.heapMb.toFixed(1)} MB = ${perConnection(before.heapMb, idle.heapMb)} kB per verbinding; RSS ${before.rssMb.toFixed(0)} → ${idle.rssMb.toFixed(0)} MB = ${perConnection(before.rssMb, idle.rssMb)} kB per verbinding\n`,
  );

  // CPU the messages cost (server process, its PostgreSQL backends, this client): steadier than
  // times on a machine that others load.
  // The pool opens and closes connections as it goes: its backends are sampled every second, and
  // each counts from its reading at the start (or from its own start, when it came later).
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const backendCpu = new Map<number, { first: number; last: number }>();
  const sampleBackends = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (const { pid: b } of rows) {
      const now = processCpuSeconds(b);
      if (now === null) continue;
      const seen = backendCpu.get(b);
      if (seen) seen.last = now;
      else backendCpu.set(b, { first: sampling ? 0 : now, last: now });
    }
  };
  let sampling = false;
  await sampleBackends();
  sampling = true;
  const sampler = setInterval(() => sampleBackends().catch(() => {}), 1000);
  const dbCpu = () => [...backendCpu.values()].reduce((sum, b) => sum + b.last - b.first, 0);
  const serverCpu0 = processCpuSeconds(pid) ?? 0;
  const clientCpu = nodeCpuMeter();
  const started = performance.now();
  await Promise.all(
    residents.map(async (r, i) => {
      for (let m = 0; m < messagesPerClient; m++) {
        await sleep(Math.random() * thinkMs);
        await r.timedSend(`${i}-${m}`, questions[(i + m) % questions.length] ?? 'paspoort');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await sampleBackends();
  await admin.end();
  process.stdout.write(`load average after the messages: ${load()}\n`);
  const perMessage = (cpuSeconds: number) => ((cpuSeconds * 1000) / (clients * messagesPerClient)).toFixed(2);
  process.stdout.write(
    `CPU per resident message (with its bot answer): server ${perMessage((processCpuSeconds(pid) ?? 0) - serverCpu0)} ms, PostgreSQL ${perMessage(dbCpu())} ms (${backendCpu.size} backends), bench client ${perMessage(clientCpu())} ms\n`,
  );
  const rtts = residents.flatMap((r) => r.rtts);
  process.stdout.write(
    `${rtts.length} berichten in ${seconds.toFixed(1)} s (${(rtts.length / seconds).toFixed(0)}/s): round trip p50 ${percentile(rtts, 50).toFixed(1)} ms, p95 ${percentile(rtts, 95).toFixed(1)} ms, p99 ${percentile(rtts, 99).toFixed(1)} ms, max ${Math.max(...rtts).toFixed(1)} ms; RSS ${rssMb(pid).toFixed(0)} MB\n`,
  );

  // Forced reconnect of every client, each with a message in flight that it never saw acknowledged.
  await sleep(3000); // the bot's last answers arrive
  await Promise.all(
    residents.map(async (r, i) => {
      const clientId = `${i}-reconnect`;
      r.socket.send(JSON.stringify({ type: 'message', clientId, text: 'Ik wil een medewerker' }));
      r.socket.terminate();
      r.acks.clear();
      await r.connect();
      await r.send(clientId, 'Ik wil een medewerker');
    }),
  );
  await sleep(5000);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ id: string; resident: string; distinct_ids: string; max_seq: number }>(
    `SELECT c.id, count(m.*) FILTER (WHERE m.sender = 'resident') AS resident,
            count(DISTINCT m.client_id) AS distinct_ids, max(m.seq) AS max_seq
       FROM chat_conversations c JOIN chat_messages m ON m.conversation_id = c.id GROUP BY c.id`,
  );
  await db.end();
  const byId = new Map(rows.map((r) => [r.id, r]));
  let lost = 0;
  let duplicatedStored = 0;
  let duplicatedDelivered = 0;
  let missedDelivered = 0;
  for (const r of residents) {
    const row = byId.get(r.conversationId);
    const expected = messagesPerClient + 1;
    if (!row || Number(row.resident) < expected) lost += expected - Number(row?.resident ?? 0);
    if (row && Number(row.resident) > Number(row.distinct_ids))
      duplicatedStored += Number(row.resident) - Number(row.distinct_ids);
    for (const times of r.seen.values()) if (times > 1) duplicatedDelivered += times - 1;
    for (let s = 1; s <= (row?.max_seq ?? 0); s++) if (!r.seen.has(s)) missedDelivered++;
  }
  process.stdout.write(
    `Na geforceerde herverbinding van alle ${clients}: verloren ${lost}, dubbel opgeslagen ${duplicatedStored}, dubbel afgeleverd ${duplicatedDelivered}, niet afgeleverd ${missedDelivered}\n`,
  );
  child.kill('SIGTERM');
  for (const r of residents) r.socket.terminate();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
