import { describe, expect, it } from 'vitest';
import { createSourceParser, type ParsedEvent } from '../../../src/engine/ingest/parser/source-parser';

// Lines as real software writes them (databases, proxies, runtimes, orchestrators, language loggers), each
// source with the format detection must pick and every event's first line, timestamp and level.

interface CorpusSource {
  source: string;
  format: string;
  lines: string[];
  events: [line: number, ts: string | null, level: ParsedEvent['level']][];
}

const CORPUS: CorpusSource[] = [
  {
    source: 'asterisk',
    format: 'bsd-stamp',
    lines: [
      "[Mar  5 14:22:01] NOTICE[1234]: chan_sip.c:123 handle_request: Registration from '<sip:1000@x>' failed",
      '[Mar  5 14:22:02] WARNING[1234]: res_rtp.c:45 rtp: no audio',
      '[Mar  5 14:22:03] ERROR[1235]: app.c:12 failed to open',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', 'error'],
    ],
  },
  {
    source: 'caddy',
    format: 'json',
    lines: [
      '{"level":"info","ts":1709648521.123,"logger":"http.log.access","msg":"handled request","status":200}',
      '{"level":"error","ts":1709648522.456,"logger":"http.log.error","msg":"dial tcp: connection refused","status":502}',
      '{"level":"warn","ts":1709648523.789,"logger":"tls","msg":"stapling OCSP"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.456Z', 'error'],
      [3, '2024-03-05T14:22:03.789Z', 'warn'],
    ],
  },
  {
    source: 'cassandra',
    format: 'prefixed',
    lines: [
      'INFO  [main] 2024-03-05 14:22:01,123 CassandraDaemon.java:123 - Starting',
      'WARN  [main] 2024-03-05 14:22:02,123 StartupChecks.java:12 - JMX is not enabled',
      'ERROR [Native-Transport-Requests-1] 2024-03-05 14:22:03,123 Message.java:625 - Unexpected exception',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'celery',
    format: 'iso8601',
    lines: [
      '[2024-03-05 14:22:01,123: INFO/MainProcess] Connected to redis://localhost:6379/0',
      '[2024-03-05 14:22:02,123: ERROR/ForkPoolWorker-1] Task tasks.add[abc] raised unexpected: ValueError()',
      '[2024-03-05 14:22:03,123: WARNING/MainProcess] consumer: Connection to broker lost',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'clickhouse',
    format: 'iso8601',
    lines: [
      '2024.03.05 14:22:01.123456 [ 1234 ] {} <Information> Application: Starting ClickHouse',
      '2024.03.05 14:22:02.123456 [ 1234 ] {abc} <Error> executeQuery: Code: 60. DB::Exception: Table default.x does not exist',
      '2024.03.05 14:22:03.123456 [ 1234 ] {} <Warning> Context: Linux is not using a fast clock source',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'cockroach',
    format: 'klog',
    lines: [
      'I240305 14:22:01.123456 1 util/log/flags.go:12  [n1] 1 starting',
      'W240305 14:22:02.123456 123 server/server.go:45  [n1] 2 slow heartbeat',
      'E240305 14:22:03.123456 456 kv/txn.go:78  [n1] 3 transaction failed',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'cri',
    format: 'cri',
    lines: [
      '2024-03-05T14:22:01.123456789Z stdout F Server started on port 8080',
      '2024-03-05T14:22:02.123456789Z stderr F ERROR failed to connect to db',
      '2024-03-05T14:22:03.123456789Z stdout F level=warn msg="slow request"',
      '2024-03-05T14:22:04.123456789+01:00 stdout F INFO all good',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', null],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
      [4, '2024-03-05T13:22:04.123Z', 'info'],
    ],
  },
  {
    source: 'cri-mixed-payloads',
    format: 'cri',
    lines: [
      '2024-03-05T14:22:01.123456789Z stdout F {"level":"info","ts":"2024-03-05T14:22:01.120Z","msg":"started"}',
      '2024-03-05T14:22:02.123456789Z stderr F {"level":"error","ts":"2024-03-05T14:22:02.120Z","msg":"dial failed"}',
      '2024-03-05T14:22:03.123456789Z stdout F time="2024-03-05T14:22:03Z" level=warning msg="slow"',
      '2024-03-05T14:22:04.123456789Z stdout F E0305 14:22:04.000000       1 reflector.go:138] failed to list',
      '2024-03-05T14:22:05.123456789Z stdout F 10.0.0.1 - - [05/Mar/2024:14:22:05 +0000] "GET / HTTP/1.1" 503 12 "-" "curl"',
      '2024-03-05T14:22:06.123456789Z stdout P this is a very long line that was',
      '2024-03-05T14:22:06.123456789Z stdout F  split by the runtime',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
      [4, '2024-03-05T14:22:04.123Z', 'error'],
      [5, '2024-03-05T14:22:05.123Z', 'error'],
      [6, '2024-03-05T14:22:06.123Z', null],
      [7, '2024-03-05T14:22:06.123Z', null],
    ],
  },
  {
    source: 'cri-java-stack-trace',
    format: 'cri',
    lines: [
      '2024-03-05T14:22:01.100000000Z stdout F 2024-03-05 14:22:01,099 INFO  [main] c.e.App - started',
      '2024-03-05T14:22:02.100000000Z stdout F 2024-03-05 14:22:02,099 ERROR [main] c.e.App - request failed',
      '2024-03-05T14:22:02.100000100Z stdout F java.lang.RuntimeException: boom',
      '2024-03-05T14:22:02.100000200Z stdout F \tat com.example.App.run(App.java:10)',
      '2024-03-05T14:22:02.100000300Z stdout F \t... 12 more',
      '2024-03-05T14:22:03.100000000Z stdout F 2024-03-05 14:22:03,099 WARN  [main] c.e.App - slow',
      '2024-03-05T14:22:04.100000000Z stdout F 2024-03-05 14:22:04,099 INFO  [main] c.e.App - ok',
    ],
    events: [
      [1, '2024-03-05T14:22:01.100Z', 'info'],
      [2, '2024-03-05T14:22:02.100Z', 'error'],
      [6, '2024-03-05T14:22:03.100Z', 'warn'],
      [7, '2024-03-05T14:22:04.100Z', 'info'],
    ],
  },
  {
    source: 'django',
    format: 'compact-datetime',
    lines: [
      '[05/Mar/2024 14:22:01] "GET / HTTP/1.1" 200 1234',
      '[05/Mar/2024 14:22:02] "GET /missing HTTP/1.1" 404 179',
      '[05/Mar/2024 14:22:03] "POST /api HTTP/1.1" 500 145',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', 'error'],
    ],
  },
  {
    source: 'dmesg-T',
    format: 'ctime',
    lines: [
      '[Tue Mar  5 14:22:01 2024] usb 1-1: new high-speed USB device number 2 using xhci_hcd',
      '[Tue Mar  5 14:22:02 2024] EXT4-fs error (device sda1): ext4_lookup: deleted inode referenced',
      '[Tue Mar  5 14:22:03 2024] Out of memory: Killed process 1234 (java)',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', null],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', null],
    ],
  },
  {
    source: 'docker',
    format: 'json',
    lines: [
      '{"log":"Server started on port 8080\\n","stream":"stdout","time":"2024-03-05T14:22:01.123456789Z"}',
      '{"log":"ERROR failed to connect to db\\n","stream":"stderr","time":"2024-03-05T14:22:02.123456789Z"}',
      '{"log":"WARN retrying\\n","stream":"stderr","time":"2024-03-05T14:22:03.123456789Z"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', null],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'dockerd-journal',
    format: 'syslog-rfc3164',
    lines: [
      'Mar 05 14:22:01 node1 dockerd[1234]: time="2024-03-05T14:22:01.123456789Z" level=info msg="Starting up"',
      'Mar 05 14:22:02 node1 dockerd[1234]: time="2024-03-05T14:22:02.123456789Z" level=error msg="Handler for POST failed"',
      'Mar 05 14:22:03 node1 dockerd[1234]: time="2024-03-05T14:22:03.123456789Z" level=warning msg="deprecated"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'ecs',
    format: 'json',
    lines: [
      '{"@timestamp":"2024-03-05T14:22:01.123Z","log.level":"info","message":"started","ecs.version":"1.6.0"}',
      '{"@timestamp":"2024-03-05T14:22:02.123Z","log.level":"error","message":"failed","ecs.version":"1.6.0"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
    ],
  },
  {
    source: 'elasticsearch',
    format: 'iso8601',
    lines: [
      '[2024-03-05T14:22:01,123][INFO ][o.e.n.Node               ] [node-1] started',
      '[2024-03-05T14:22:02,123][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark exceeded',
      '[2024-03-05T14:22:03,123][ERROR][o.e.b.Bootstrap          ] [node-1] Exception',
      'java.lang.IllegalStateException: failed',
      '\tat org.elasticsearch.Foo.bar(Foo.java:12)',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'envoy',
    format: 'iso8601',
    lines: [
      '[2024-03-05T14:22:01.123Z] "GET /path HTTP/1.1" 200 - 0 1234 5 4 "-" "curl/7.68.0" "a1b2" "example.com" "10.0.0.1:80"',
      '[2024-03-05T14:22:02.123Z] "POST /api HTTP/1.1" 503 UF 12 91 3 - "-" "curl/7.68.0" "a1b3" "example.com" "10.0.0.1:80"',
      '[2024-03-05T14:22:03.123Z] "GET /x HTTP/1.1" 404 - 0 0 1 1 "-" "curl/7.68.0" "a1b4" "example.com" "10.0.0.1:80"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'etcd-capnslog',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01.123456 I | etcdserver: published {Name:default} to cluster',
      '2024-03-05 14:22:02.123456 W | etcdserver: read-only range request took too long',
      '2024-03-05 14:22:03.123456 E | rafthttp: failed to dial',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'fail2ban',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01,123 fail2ban.server         [1234]: INFO    Starting Fail2ban v1.0.2',
      '2024-03-05 14:22:02,123 fail2ban.actions        [1234]: NOTICE  [sshd] Ban 1.2.3.4',
      '2024-03-05 14:22:03,123 fail2ban.filter         [1234]: WARNING Determined IP using DNS Lookup',
      '2024-03-05 14:22:04,123 fail2ban.transmitter    [1234]: ERROR   Command failed',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'info'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
      [4, '2024-03-05T14:22:04.123Z', 'error'],
    ],
  },
  {
    source: 'go-log',
    format: 'iso8601',
    lines: [
      '2024/03/05 14:22:01 Starting server on :8080',
      '2024/03/05 14:22:02 http: TLS handshake error from 10.0.0.1:5555: EOF',
      '2024/03/05 14:22:03.123456 main.go:42: error: something failed',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', null],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'grafana',
    format: 'logfmt',
    lines: [
      'logger=server t=2024-03-05T14:22:01.123+00:00 level=info msg="Starting Grafana"',
      'logger=context t=2024-03-05T14:22:02.123+00:00 level=error msg="Request error" status=500',
      'logger=settings t=2024-03-05T14:22:03.123+00:00 level=warn msg="deprecated"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'gunicorn',
    format: 'iso8601',
    lines: [
      '[2024-03-05 14:22:01 +0000] [1234] [INFO] Starting gunicorn 21.2.0',
      '[2024-03-05 14:22:02 +0000] [1234] [ERROR] Worker (pid:1240) was sent SIGKILL! Perhaps out of memory?',
      '[2024-03-05 14:22:03 +0000] [1234] [WARNING] Worker timeout',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'haproxy',
    format: 'syslog-rfc3164',
    lines: [
      'Mar  5 14:22:01 lb haproxy[1234]: 10.0.0.1:5555 [05/Mar/2024:14:22:01.123] fe be/srv1 0/0/1/2/3 200 1234 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
      'Mar  5 14:22:02 lb haproxy[1234]: 10.0.0.1:5556 [05/Mar/2024:14:22:02.123] fe be/srv1 0/0/1/2/3 503 1234 - - ---- 1/1/0/0/0 0/0 "GET /x HTTP/1.1"',
      'Mar  5 14:22:03 lb haproxy[1234]: Server be/srv2 is DOWN, reason: Layer4 connection problem',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', null],
    ],
  },
  {
    source: 'hclog',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123Z [INFO]  agent: Started HTTP server: address=127.0.0.1:8500',
      '2024-03-05T14:22:02.123Z [WARN]  agent: Check is now critical: check=web',
      '2024-03-05T14:22:03.123Z [ERROR] agent.client: RPC failed to server: error="rpc error: EOF"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'iso-12-hour-clock',
    format: 'iso8601',
    lines: [
      '2024-03-05 2:22:01 PM [INFO] Service started',
      '2024-03-05 2:22:02 PM [ERROR] Connection failed',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
    ],
  },
  {
    source: 'jenkins',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01.123+0000 [id=23]\tINFO\thudson.WebAppMain$3#run: Jenkins is fully up and running',
      '2024-03-05 14:22:02.123+0000 [id=45]\tWARNING\thudson.model.Run#execute: build failed',
      '2024-03-05 14:22:03.123+0000 [id=46]\tSEVERE\thudson.model.Executor#run: Executor threw an exception',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'jupyter',
    format: 'prefixed',
    lines: [
      '[I 2024-03-05 14:22:01.123 ServerApp] Jupyter Server 2.0 is running at:',
      '[W 2024-03-05 14:22:02.123 ServerApp] No web browser found',
      '[E 2024-03-05 14:22:03.123 ServerApp] Uncaught exception GET /api',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'jvm-unified',
    format: 'iso8601',
    lines: [
      '[2024-03-05T14:22:01.123+0000][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->4M(256M) 3.456ms',
      '[2024-03-05T14:22:02.123+0000][warning][gc] GC(1) To-space exhausted',
      '[2024-03-05T14:22:03.123+0000][error][gc] GC(2) Out of memory',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'kafka',
    format: 'iso8601',
    lines: [
      '[2024-03-05 14:22:01,123] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)',
      '[2024-03-05 14:22:02,123] WARN [Producer clientId=p1] Connection to node -1 could not be established. (org.apache.kafka.clients.NetworkClient)',
      '[2024-03-05 14:22:03,123] ERROR [ReplicaManager broker=0] Error processing append operation (kafka.server.ReplicaManager)',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'kubelet-journal',
    format: 'syslog-rfc3164',
    lines: [
      'Mar 05 14:22:01 node1 kubelet[1234]: I0305 14:22:01.123456    1234 kubelet.go:2000] "SyncLoop ADD" source="api"',
      'Mar 05 14:22:02 node1 kubelet[1234]: E0305 14:22:02.123456    1234 pod_workers.go:1298] "Error syncing pod, skipping"',
      'Mar 05 14:22:03 node1 kubelet[1234]: W0305 14:22:03.123456    1234 warnings.go:70] deprecated',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'logstash',
    format: 'iso8601',
    lines: [
      '[2024-03-05T14:22:01,123][INFO ][logstash.runner          ] Starting Logstash',
      '[2024-03-05T14:22:02,123][ERROR][logstash.agent           ] Failed to execute action',
      "[2024-03-05T14:22:03,123][WARN ][logstash.config.source.multilocal] Ignoring the 'pipelines.yml' file",
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'serilog-exception',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01.123 +00:00 [INF] Starting',
      '2024-03-05 14:22:02.123 +00:00 [ERR] Unhandled exception',
      'System.InvalidOperationException: Sequence contains no elements',
      '   at System.Linq.ThrowHelper.ThrowNoElementsException()',
      '   at App.Program.Main(String[] args) in /src/Program.cs:line 12',
      '2024-03-05 14:22:03.123 +00:00 [INF] Done',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [6, '2024-03-05T14:22:03.123Z', 'info'],
    ],
  },
  {
    source: 'winston-stack-trace',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123Z info: server started',
      "2024-03-05T14:22:02.123Z error: Unhandled rejection TypeError: Cannot read properties of undefined (reading 'id')",
      '    at handler (/app/src/routes.js:42:17)',
      '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '2024-03-05T14:22:03.123Z warn: slow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [5, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'rails-backtrace',
    format: 'prefixed',
    lines: [
      'I, [2024-03-05T14:22:01.123456 #1234]  INFO -- : Started GET "/"',
      "E, [2024-03-05T14:22:02.123456 #1234] ERROR -- : NoMethodError (undefined method `x' for nil):",
      "app/controllers/home_controller.rb:5:in `index'",
      "actionpack (7.0.4) lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'",
      'I, [2024-03-05T14:22:03.123456 #1234]  INFO -- : Completed 500',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [5, '2024-03-05T14:22:03.123Z', 'info'],
    ],
  },
  {
    source: 'mongodb',
    format: 'json',
    lines: [
      '{"t":{"$date":"2024-03-05T14:22:01.123+00:00"},"s":"I",  "c":"NETWORK",  "id":23015,   "ctx":"listener","msg":"Listening on","attr":{"address":"127.0.0.1"}}',
      '{"t":{"$date":"2024-03-05T14:22:02.123+00:00"},"s":"W",  "c":"CONTROL",  "id":22120,   "ctx":"initandlisten","msg":"Access control is not enabled for the database"}',
      '{"t":{"$date":"2024-03-05T14:22:03.123+00:00"},"s":"E",  "c":"STORAGE",  "id":22435,   "ctx":"initandlisten","msg":"WiredTiger error"}',
      '{"t":{"$date":"2024-03-05T14:22:04.123+00:00"},"s":"D1", "c":"COMMAND",  "id":51803,   "ctx":"conn1","msg":"Slow query"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
      [4, '2024-03-05T14:22:04.123Z', 'debug'],
    ],
  },
  {
    source: 'mongodb-text',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123+0000 I NETWORK  [listener] connection accepted from 10.0.0.1:5555 #1',
      '2024-03-05T14:22:02.123+0000 W CONTROL  [initandlisten] Access control is not enabled',
      '2024-03-05T14:22:03.123+0000 E STORAGE  [initandlisten] WiredTiger error',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'mysql-8',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123456Z 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld 8.0.36) starting as process 1',
      '2024-03-05T14:22:02.123456Z 0 [Warning] [MY-011810] [Server] Insecure configuration for --pid-file',
      '2024-03-05T14:22:03.123456Z 8 [ERROR] [MY-012592] [InnoDB] Operating system error number 2 in a file operation.',
      "2024-03-05T14:22:04.123456Z 0 [Note] [MY-010747] [Server] Plugin 'FEDERATED' is disabled.",
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
      [4, '2024-03-05T14:22:04.123Z', 'info'],
    ],
  },
  {
    source: 'nginx-error',
    format: 'iso8601',
    lines: [
      '2024/03/05 14:22:01 [notice] 1#1: using the "epoll" event method',
      '2024/03/05 14:22:02 [error] 29#29: *5 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 10.0.0.1, server: localhost',
      '2024/03/05 14:22:03 [warn] 1#1: conflicting server name "x" on 0.0.0.0:80, ignored',
      '2024/03/05 14:22:04 [crit] 1#1: *7 SSL_do_handshake() failed',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
      [4, '2024-03-05T14:22:04.000Z', 'fatal'],
    ],
  },
  {
    source: 'php-error',
    format: 'compact-datetime',
    lines: [
      '[05-Mar-2024 14:22:01 UTC] PHP Warning:  Undefined variable $x in /var/www/index.php on line 3',
      '[05-Mar-2024 14:22:02 UTC] PHP Fatal error:  Uncaught Exception: boom in /var/www/index.php:5',
      '[05-Mar-2024 14:22:03 UTC] PHP Notice:  Undefined index: y in /var/www/index.php on line 9',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'warn'],
      [2, '2024-03-05T14:22:02.000Z', 'fatal'],
      [3, '2024-03-05T14:22:03.000Z', 'info'],
    ],
  },
  {
    source: 'php-fpm',
    format: 'compact-datetime',
    lines: [
      '[05-Mar-2024 14:22:01] NOTICE: fpm is running, pid 1',
      '[05-Mar-2024 14:22:02] WARNING: [pool www] server reached pm.max_children setting (5), consider raising it',
      "[05-Mar-2024 14:22:03] ERROR: unable to bind listening socket for address '127.0.0.1:9000'",
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', 'error'],
    ],
  },
  {
    source: 'pino',
    format: 'json',
    lines: [
      '{"level":30,"time":1709648521123,"pid":1,"hostname":"h","msg":"server listening"}',
      '{"level":50,"time":1709648522123,"pid":1,"hostname":"h","msg":"request failed"}',
      '{"level":40,"time":1709648523123,"pid":1,"hostname":"h","msg":"slow"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'postgres',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01.123 UTC [12345] LOG:  database system is ready to accept connections',
      '2024-03-05 14:22:02.456 UTC [12346] ERROR:  relation "users" does not exist at character 15',
      '2024-03-05 14:22:02.456 UTC [12346] STATEMENT:  select * from users;',
      '2024-03-05 14:22:03.001 UTC [12347] FATAL:  password authentication failed for user "bob"',
      '2024-03-05 14:22:04.002 UTC [12348] WARNING:  there is no transaction in progress',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.456Z', 'error'],
      [3, '2024-03-05T14:22:02.456Z', null],
      [4, '2024-03-05T14:22:03.001Z', 'fatal'],
      [5, '2024-03-05T14:22:04.002Z', 'warn'],
    ],
  },
  {
    source: 'prometheus',
    format: 'logfmt',
    lines: [
      'ts=2024-03-05T14:22:01.123Z caller=main.go:12 level=info msg="Starting Prometheus"',
      'ts=2024-03-05T14:22:02.123Z caller=scrape.go:1234 level=warn component="scrape manager" msg="Error on ingesting samples"',
      'ts=2024-03-05T14:22:03.123Z caller=notifier.go:12 level=error component=notifier msg="Error sending alert"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'python-logging-traceback',
    format: 'python-logging',
    lines: [
      '2024-03-05 14:22:01,123 - myapp.db - INFO - connected',
      '2024-03-05 14:22:02,123 - myapp.db - ERROR - query failed',
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in <module>',
      'ValueError: boom',
      '2024-03-05 14:22:03,123 - myapp.db - WARNING - slow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [6, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'rabbitmq',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01.123456+00:00 [info] <0.123.0> Starting RabbitMQ 3.12.0',
      '2024-03-05 14:22:02.123456+00:00 [warning] <0.124.0> Free disk space is insufficient',
      '2024-03-05 14:22:03.123456+00:00 [error] <0.125.0> closing AMQP connection',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'redis-7',
    format: 'redis',
    lines: [
      '1:C 05 Mar 2024 14:22:01.123 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      '1:M 05 Mar 2024 14:22:02.123 # Server initialized',
      '1:M 05 Mar 2024 14:22:03.123 - Accepted 10.0.0.1:5555',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'debug'],
    ],
  },
  {
    source: 'ruby',
    format: 'prefixed',
    lines: [
      'I, [2024-03-05T14:22:01.123456 #1234]  INFO -- : Started GET "/" for 127.0.0.1',
      'E, [2024-03-05T14:22:02.123456 #1234] ERROR -- : ActiveRecord::RecordNotFound',
      'W, [2024-03-05T14:22:03.123456 #1234]  WARN -- : deprecated',
      'D, [2024-03-05T14:22:04.123456 #1234] DEBUG -- : SQL (0.1ms)',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
      [4, '2024-03-05T14:22:04.123Z', 'debug'],
    ],
  },
  {
    source: 'sidekiq',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123Z pid=1 tid=abc INFO: Booting Sidekiq 7.0 with Sidekiq::RedisConnection::RedisAdapter options {}',
      '2024-03-05T14:22:02.123Z pid=1 tid=abd class=HardJob jid=123 elapsed=1.2 ERROR: boom',
      '2024-03-05T14:22:03.123Z pid=1 tid=abe WARN: slow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'solr',
    format: 'log4j',
    lines: [
      '2024-03-05 14:22:01.123 INFO  (main) [   ] o.e.j.s.Server Started Server@1',
      '2024-03-05 14:22:02.123 ERROR (qtp-12) [c:x s:shard1] o.a.s.h.RequestHandlerBase org.apache.solr.common.SolrException: boom',
      '2024-03-05 14:22:03.123 WARN  (main) [   ] o.a.s.c.CoreContainer slow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'spring-boot-stack-trace',
    format: 'log4j',
    lines: [
      '2024-03-05T14:22:01.123+01:00  INFO 1234 --- [           main] o.s.b.StartupInfoLogger : Starting App',
      '2024-03-05T14:22:02.123+01:00 ERROR 1234 --- [nio-8080-exec-1] o.a.c.c.C.[.[.[/].[dispatcherServlet] : Servlet.service() threw exception',
      'java.lang.NullPointerException: null',
      '\tat com.example.Foo.bar(Foo.java:12)',
      '2024-03-05T14:22:03.123+01:00  WARN 1234 --- [           main] o.s.b.a.o.j.JpaBaseConfiguration : spring.jpa.open-in-view',
    ],
    events: [
      [1, '2024-03-05T13:22:01.123Z', 'info'],
      [2, '2024-03-05T13:22:02.123Z', 'error'],
      [5, '2024-03-05T13:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'squid',
    format: 'epoch',
    lines: [
      '1709648521.123    123 10.0.0.1 TCP_MISS/200 1234 GET http://example.com/ - HIER_DIRECT/1.2.3.4 text/html',
      '1709648522.456     45 10.0.0.2 TCP_DENIED/403 3900 GET http://bad.example/ - HIER_NONE/- text/html',
      '1709648523.789      5 10.0.0.3 TCP_MISS/503 3900 GET http://down.example/ - HIER_NONE/- text/html',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.456Z', 'warn'],
      [3, '2024-03-05T14:22:03.789Z', 'error'],
    ],
  },
  {
    source: 'supervisord',
    format: 'log4j',
    lines: [
      "2024-03-05 14:22:01,123 INFO spawned: 'web' with pid 1234",
      '2024-03-05 14:22:02,123 WARN exited: web (exit status 1; not expected)',
      '2024-03-05 14:22:03,123 CRIT Supervisor is running as root',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'fatal'],
    ],
  },
  {
    source: 'syslog-ng-forwarded',
    format: 'journald-short-iso',
    lines: [
      '<13>2024-03-05T14:22:01+00:00 host app[1]: hello',
      '<11>2024-03-05T14:22:02+00:00 host app[1]: failure',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
    ],
  },
  {
    source: 'tomcat',
    format: 'compact-datetime',
    lines: [
      '05-Mar-2024 14:22:01.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [1234] milliseconds',
      '05-Mar-2024 14:22:02.123 SEVERE [main] org.apache.catalina.core.StandardContext.startInternal One or more listeners failed to start',
      '05-Mar-2024 14:22:03.123 WARNING [main] org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesThreads leak',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'tornado',
    format: 'prefixed',
    lines: [
      '[I 240305 14:22:01 web:2239] 200 GET / (127.0.0.1) 1.23ms',
      '[W 240305 14:22:02 web:2239] 404 GET /x (127.0.0.1) 0.50ms',
      '[E 240305 14:22:03 web:2239] 500 GET /y (127.0.0.1) 2.00ms',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', 'error'],
    ],
  },
  {
    source: 'us-12-hour-clock',
    format: 'compact-datetime',
    lines: ['3/5/2024 2:22:01 PM INFO Service started', '3/5/2024 2:22:02 PM ERROR Connection failed'],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
    ],
  },
  {
    source: 'vault-hclog-json',
    format: 'json',
    lines: [
      '{"@level":"info","@message":"core: vault is unsealed","@module":"core","@timestamp":"2024-03-05T14:22:01.123456Z"}',
      '{"@level":"error","@message":"core: failed to unseal","@module":"core","@timestamp":"2024-03-05T14:22:02.123456Z"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
    ],
  },
  {
    source: 'vhost-combined',
    format: 'access-log',
    lines: [
      'example.com:80 10.0.0.1 - - [05/Mar/2024:14:22:01 +0000] "GET / HTTP/1.1" 200 123 "-" "curl/8.0"',
      'example.com:443 10.0.0.2 - - [05/Mar/2024:14:22:02 +0000] "GET /x HTTP/1.1" 500 12 "-" "curl/8.0"',
      'example.com:443 10.0.0.3 - - [05/Mar/2024:14:22:03 +0000] "GET /y HTTP/1.1" 404 12 "-" "curl/8.0"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'winston',
    format: 'json',
    lines: [
      '{"level":"info","message":"server listening","timestamp":"2024-03-05T14:22:01.123Z"}',
      '{"level":"error","message":"request failed","timestamp":"2024-03-05T14:22:02.123Z"}',
      '{"level":"warn","message":"slow","timestamp":"2024-03-05T14:22:03.123Z"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'zap-console',
    format: 'log4j',
    lines: [
      '2024-03-05T14:22:01.123Z\tINFO\tserver/main.go:42\tserver listening\t{"port": 8080}',
      '2024-03-05T14:22:02.123Z\tERROR\tserver/main.go:50\trequest failed\t{"error": "boom"}',
      '2024-03-05T14:22:03.123Z\tWARN\tserver/main.go:60\tslow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'airflow',
    format: 'iso8601',
    lines: [
      '[2024-03-05T14:22:01.123+0000] {scheduler_job.py:123} INFO - Starting the scheduler',
      '[2024-03-05T14:22:02.123+0000] {taskinstance.py:1851} ERROR - Task failed with exception',
      '[2024-03-05T14:22:03.123+0000] {base.py:73} WARNING - deprecated',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'docker-compose',
    format: 'prefixed',
    lines: [
      'web-1  | 2024-03-05T14:22:01Z INFO started',
      'db-1   | 2024-03-05 14:22:02.123 UTC [1] ERROR:  relation "x" does not exist',
      'web-1  | 2024-03-05T14:22:03Z WARN slow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'dovecot',
    format: 'syslog-rfc3164',
    lines: [
      'Mar 05 14:22:01 imap-login: Info: Login: user=<bob>, method=PLAIN',
      'Mar 05 14:22:02 auth: Error: passwd-file(bob): Password mismatch',
      'Mar 05 14:22:03 master: Warning: Killed with signal 15',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'flask-logging',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01,123:INFO:werkzeug:127.0.0.1 - - "GET / HTTP/1.1" 200 -',
      '2024-03-05 14:22:02,123:ERROR:app:Exception on / [GET]',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
    ],
  },
  {
    source: 'fluent-bit',
    format: 'iso8601',
    lines: [
      '[2024/03/05 14:22:01] [ info] [fluent bit] version=2.0.9',
      '[2024/03/05 14:22:02] [ warn] [engine] failed to flush chunk',
      '[2024/03/05 14:22:03] [error] [output:es:es.0] HTTP status=400',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', 'error'],
    ],
  },
  {
    source: 'fluentd',
    format: 'iso8601',
    lines: [
      '2024-03-05 14:22:01 +0000 [info]: #0 starting fluentd worker pid=17',
      '2024-03-05 14:22:02 +0000 [warn]: #0 failed to flush the buffer. retry_times=1',
      '2024-03-05 14:22:03 +0000 [error]: #0 unexpected error',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', 'error'],
    ],
  },
  {
    source: 'keycloak',
    format: 'log4j',
    lines: [
      '2024-03-05 14:22:01,123 INFO  [io.quarkus] (main) Keycloak 21.0 started',
      '2024-03-05 14:22:02,123 ERROR [org.keycloak.services] (executor-thread-1) KC-SERVICES0010: Failed',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'error'],
    ],
  },
  {
    source: 'kubectl-logs-prefix',
    format: 'prefixed',
    lines: [
      '[pod/web-7d9f/web] 2024-03-05T14:22:01Z INFO started',
      '[pod/web-7d9f/web] 2024-03-05T14:22:02Z ERROR failed',
      '[pod/web-7d9f/web] 2024-03-05T14:22:03Z WARN slow',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'mosquitto',
    format: 'epoch',
    lines: [
      '1709648521: mosquitto version 2.0.15 starting',
      '1709648522: Error: Address already in use',
      '1709648523: Warning: Mosquitto should not be run as root',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', null],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
      [3, '2024-03-05T14:22:03.000Z', 'warn'],
    ],
  },
  {
    source: 'nats',
    format: 'prefixed',
    lines: [
      '[1] 2024/03/05 14:22:01.123456 [INF] Starting nats-server',
      '[1] 2024/03/05 14:22:02.123456 [WRN] Plaintext passwords detected',
      '[1] 2024/03/05 14:22:03.123456 [ERR] Error listening on port',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.123Z', 'warn'],
      [3, '2024-03-05T14:22:03.123Z', 'error'],
    ],
  },
  {
    source: 'nginx-access-main',
    format: 'access-log',
    lines: [
      '10.0.0.1 - - [05/Mar/2024:14:22:01 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8.0" "-"',
      '10.0.0.1 - - [05/Mar/2024:14:22:02 +0000] "GET /x HTTP/1.1" 404 612 "-" "curl/8.0" "-"',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
    ],
  },
  {
    source: 'traefik-access',
    format: 'access-log',
    lines: [
      '10.0.0.1 - - [05/Mar/2024:14:22:01 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8.0" 1 "router@docker" "http://10.0.0.2:80" 3ms',
      '10.0.0.1 - - [05/Mar/2024:14:22:02 +0000] "GET /x HTTP/1.1" 502 12 "-" "curl/8.0" 2 "router@docker" "http://10.0.0.2:80" 30ms',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'info'],
      [2, '2024-03-05T14:22:02.000Z', 'error'],
    ],
  },
  {
    source: 'opentelemetry-log-records',
    format: 'json',
    lines: [
      '{"timeUnixNano":"1709648521123000000","severityNumber":9,"severityText":"Information","body":"order placed"}',
      '{"Timestamp":"1709648522456000000","SeverityText":"WARN","Body":"retrying","Attributes":{"attempt":2}}',
      '{"timeUnixNano":1709648523789000000,"severityNumber":21,"body":"out of memory"}',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'info'],
      [2, '2024-03-05T14:22:02.456Z', 'warn'],
      [3, '2024-03-05T14:22:03.789Z', 'fatal'],
    ],
  },
  {
    source: 'cisco-asa-via-rsyslog',
    format: 'syslog-rfc3164',
    lines: [
      'Mar  5 14:22:01 fw1 %ASA-4-106023: Deny tcp src outside:203.0.113.9/51234 dst inside:10.0.0.1/443 by access-group "outside_in"',
      'Mar  5 14:22:02 fw1 : %ASA-2-106001: Inbound TCP connection denied from 203.0.113.9/51234 to 10.0.0.1/80 flags SYN',
      'Mar  5 14:22:03 fw1 %ASA-6-302013: Built inbound TCP connection 1234 for outside:203.0.113.9/51234',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'warn'],
      [2, '2024-03-05T14:22:02.000Z', 'fatal'],
      [3, '2024-03-05T14:22:03.000Z', 'info'],
    ],
  },
  {
    source: 'cisco-ios-with-device-stamp',
    format: 'syslog-rfc3164',
    lines: [
      'Mar  5 14:22:01 rtr1 1234: *Mar  5 14:22:01.123: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down',
      'Mar  5 14:22:02 rtr1 1235: .Mar  5 14:22:02.456: %SYS-5-CONFIG_I: Configured from console by admin on vty0',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'error'],
      [2, '2024-03-05T14:22:02.000Z', 'info'],
    ],
  },
  {
    source: 'heroku-drain',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123456+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=GET path="/" status=503',
      '2024-03-05T14:22:02.123456+00:00 heroku[router]: at=info method=GET path="/" host=shop.example.com status=200',
      '2024-03-05T14:22:03.123456+00:00 app[web.1]: level=warn msg="slow render" took=1200ms error=false',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'error'],
      [2, '2024-03-05T14:22:02.123Z', 'info'],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
  {
    source: 'stamp-then-logfmt',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01Z caller=main.go:42 level=error msg="dial failed" err="connection refused"',
      '2024-03-05T14:22:02Z caller=main.go:50 lvl="warn" msg="retrying"',
      '2024-03-05T14:22:03Z caller=main.go:60 msg="done" error=false status=error_budget_ok',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'error'],
      [2, '2024-03-05T14:22:02.000Z', 'warn'],
      [3, '2024-03-05T14:22:03.000Z', null],
    ],
  },
  {
    source: 'oracle-alert-log',
    format: 'ctime',
    lines: [
      'Tue Mar 05 14:22:01 2024',
      'Errors in file /u01/app/oracle/diag/rdbms/orcl/orcl/trace/orcl_ora_1234.trc  (incident=12345):',
      'ORA-00600: internal error code, arguments: [kcbz_check_objd_typ], [0], [0], [1], [], [], [], []',
      'Tue Mar 05 14:22:05 2024',
      'Thread 1 advanced to log sequence 123 (LGWR switch)',
      '  Current log# 3 seq# 123 mem# 0: /u01/oradata/orcl/redo03.log',
      'Tue Mar 05 14:22:09 2024 Starting ORACLE instance (normal)',
      'an error of the previous startup was cleared',
    ],
    events: [
      [1, '2024-03-05T14:22:01.000Z', 'error'],
      [4, '2024-03-05T14:22:05.000Z', null],
      // Under a stamp with text of its own, the lines that follow are its continuation, not its level.
      [7, '2024-03-05T14:22:09.000Z', null],
    ],
  },
  {
    source: 'oracle-alert-log-12c',
    format: 'iso8601',
    lines: [
      '2024-03-05T14:22:01.123456+00:00',
      'Errors in file /u01/app/oracle/diag/rdbms/orcl/orcl/trace/orcl_ora_1234.trc  (incident=12345):',
      'ORA-00600: internal error code, arguments: [kcbz_check_objd_typ], [0], [0], [1], [], [], [], []',
      '2024-03-05T14:22:05.000000+00:00',
      'Thread 1 advanced to log sequence 123 (LGWR switch)',
      '  Current log# 3 seq# 123 mem# 0: /u01/oradata/orcl/redo03.log',
      '2024-03-05T14:22:06.000000+00:00',
      'WARNING: inbound connection timed out (ORA-3136)',
      '2024-03-05T14:22:30.000000+00:00',
      'Completed checkpoint up to RBA [0x7b.2.10], SCN: 1234567',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'error'],
      [4, '2024-03-05T14:22:05.000Z', null],
      [7, '2024-03-05T14:22:06.000Z', 'warn'],
      [9, '2024-03-05T14:22:30.000Z', null],
    ],
  },
  {
    source: 'journalctl-short-precise',
    format: 'syslog-rfc3164',
    lines: [
      'Mar 05 14:22:01.123456 web1 nginx[99]: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)',
      'Mar 05 14:22:02.123456 web1 dhclient[7]: DHCPREQUEST: on eth0 to 10.0.0.1 port 67',
      'Mar 05 14:22:03.123456 web1 postfix/smtp[999]: warning: TLS library problem',
    ],
    events: [
      [1, '2024-03-05T14:22:01.123Z', 'fatal'],
      [2, '2024-03-05T14:22:02.123Z', null],
      [3, '2024-03-05T14:22:03.123Z', 'warn'],
    ],
  },
];

describe('real-world log lines', () => {
  it.each(CORPUS.map((entry) => [entry.source, entry] as const))('%s', (_source, entry) => {
    const parser = createSourceParser({ year: 2024, timezone: 'UTC', now: () => Date.UTC(2024, 5, 15) });
    const events: ParsedEvent[] = [];
    for (const line of entry.lines) parser.push(line, events);
    parser.flush(events);
    expect(parser.format).toBe(entry.format);
    expect(
      events.map((event) => [
        event.line,
        event.ts === null ? null : new Date(event.ts).toISOString(),
        event.level,
      ]),
    ).toEqual(entry.events);
  });
});
