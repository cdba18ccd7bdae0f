namespace KafkaNet.Cli.Arguments;

/// <summary>The help text printed for --help and after any invalid argument.</summary>
internal static class Usage
{
    public const string Text = Perf + "\n\n" + MetadataQuorum + "\n\n" + Topics + "\n\n" + ConsumerGroups + "\n\n" + ConsoleProducer + "\n\n" + ConsoleConsumer
        + "\n\n" + Configs + "\n\n" + GetOffsets + "\n\n" + DeleteRecords + "\n\n" + Transactions + "\n\n" + LogDirs
        + "\n\n" + LeaderElection + "\n\n" + ReassignPartitions + "\n\n" + Acls + "\n\n" + DumpLog;

    public const string Perf = """
        Usage:
          kafkanet perf produce --bootstrap-server HOST:PORT --topic T --num-records N --record-size BYTES
                                [--acks 0|1|all] [--compression none|gzip|snappy|lz4|zstd]
                                [--linger-ms MS] [--batch-size BYTES] [--partitions P]
                                [--throughput RECORDS_PER_SEC] [--producer-props k=v ...] [--json]
                                [--transactional-id ID [--transaction-size RECORDS]]
          kafkanet perf consume --bootstrap-server HOST:PORT --topic T --messages N
                                [--timeout-ms MS] [--fetch-max-bytes BYTES] [--consumer-props k=v ...] [--json]
          kafkanet perf end-to-end --bootstrap-server HOST:PORT --topic T --num-records N
                                [--record-size BYTES] [--throughput RECORDS_PER_SEC] [--acks 0|1|all]
                                [--linger-ms MS] [--partitions P] [--warmup-records N] [--timeout-ms MS]
                                [--producer-props k=v ...] [--consumer-props k=v ...] [--json]
          kafkanet perf delete-topic --bootstrap-server HOST:PORT --topic T [--admin-props k=v ...]

        perf produce   Sends N records of BYTES each and reports throughput and latency percentiles
                       (latency: from the Produce call to the delivery report).
          --partitions     create the topic with P partitions if it does not exist
          --throughput     target records per second; -1 (the default) is unlimited
          --transactional-id
                           send in transactions of --transaction-size records (default 1000),
                           each committed before the next begins (idempotence: --producer-props
                           enable.idempotence=true)
        perf consume   Reads the topic from the beginning of every partition (no consumer group)
                       until N records or --timeout-ms (default 10000) without a record.
        perf end-to-end
                       Sends N records (default 1024 bytes) at --throughput (default 1000/sec,
                       -1 unlimited, linger.ms 0 unless given) while a consumer in the same process
                       reads them from the end of every partition; latency: from the Produce call
                       to the record's arrival at the consumer. The first second's records (or
                       --warmup-records) are left out. Creates the topic (--partitions, default 1).
        perf delete-topic
                       Deletes the topic if it exists, so a benchmark's next step starts on fresh files.
          --json           print the final result as one JSON object instead of text

        Every final result ends with the requests sent and responses received, summed over the
        broker connections from librdkafka's statistics (statistics.interval.ms, default 200 here;
        -1 when statistics are disabled).

        Exit codes: 0 done, 1 the run failed or records were not delivered, 1 also for invalid arguments.
        """;

    public const string MetadataQuorum = """
        Usage:
          kafkanet metadata-quorum (--bootstrap-server HOST:PORT[,...] | --bootstrap-controller HOST:PORT[,...])
                                   [--command-config FILE] [--output json] COMMAND
            describe --status
            describe --replication [--human-readable]
            add-controller [--dry-run]
            remove-controller --controller-id ID --controller-directory-id DIRECTORY_ID [--dry-run]

        metadata-quorum describes the KRaft metadata quorum and changes its voters, as Kafka's
        kafka-metadata-quorum does. --bootstrap-server reaches it through a broker;
        --bootstrap-controller through a controller listener (voter changes go to the leader).
          describe --status       cluster id, leader, epoch, high watermark, follower lag, voters and observers
          describe --replication  one row per replica: log end offset, lag, last fetch and last caught-up
                                  times (--human-readable: "N ms ago"), Leader, Follower or Observer
          add-controller          adds the controller whose properties file is --command-config (node.id,
                                  controller.listener.names, listeners/advertised.listeners, and the
                                  directory.id of meta.properties in metadata.log.dir or the first log.dirs)
                                  to a dynamic quorum; the controller must be formatted and running
          remove-controller       removes voter ID whose metadata directory has DIRECTORY_ID
          --dry-run               print what would be done without doing it
          --output json           describe only: one JSON document (timestamps in Unix ms, -1 when unknown,
                                  even with --human-readable)

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message) or no
        answer, 1 also for invalid arguments.
        """;

    public const string Topics = """
        Usage:
          kafkanet topics --bootstrap-server HOST:PORT[,...] [--command-config FILE] [--output json] ACTION
            --list [--topic REGEX] [--exclude-internal]
            --describe [--topic REGEX] [--exclude-internal] [--if-exists]
                       [--topics-with-overrides | --under-replicated-partitions | --unavailable-partitions]
            --create --topic NAME [--partitions N] [--replication-factor R] [--config k=v]...
                     [--replica-assignment 0:1,1:2] [--if-not-exists]
            --alter --topic NAME --partitions N [--if-exists]
            --delete --topic REGEX [--if-exists]

        topics lists, describes, creates, alters and deletes topics, as Kafka's kafka-topics does.
        --topic is a regular expression matching whole names for --list, --describe and --delete.
          --list                  topic names, one a line
          --describe              a table of topics (id, partition count, replication factor, configs set on
                                  the topic) and a table of partitions (leader, replicas, in-sync replicas)
          --create                --partitions and --replication-factor default to the broker's settings;
                                  --replica-assignment gives each partition's brokers (partitions by commas,
                                  brokers by colons) instead
          --alter                 adds partitions up to N
          --command-config        client properties (Kafka's properties format), e.g. security settings
          --output json           one JSON document instead of tables

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message) or no
        answer, 1 also for invalid arguments.
        """;

    public const string ConsumerGroups = """
        Usage:
          kafkanet consumer-groups --bootstrap-server HOST:PORT[,...] [--command-config FILE] [--output json] ACTION
            --list [--state [STATE,...]]
            --describe (--group G ... | --all-groups) [--offsets | --members [--verbose] | --state]
            --reset-offsets (--group G | --all-groups) (--topic T[:P,P] ... | --all-topics) SCENARIO
                            [--dry-run | --execute]
            --delete-offsets --group G --topic T[:P,P] ...
            --delete (--group G ... | --all-groups)

        consumer-groups lists, describes and deletes consumer groups and resets or deletes their committed
        offsets, as Kafka's kafka-consumer-groups does.
          --list                  group ids, one a line; --state adds each group's state, and keeps only the
                                  groups in the states given (Stable, Empty, PreparingRebalance, ...)
          --describe              --offsets (the default): each partition's committed offset, log end offset, lag
                                  and consumer; --members: each member and its partition count (--verbose: its
                                  assignment); --state: coordinator, assignment strategy, state, member count
          --reset-offsets         moves the committed offsets of a group with no active members; SCENARIO is one of
                                  --to-earliest, --to-latest, --to-current, --to-offset N, --shift-by N,
                                  --to-datetime YYYY-MM-DDTHH:mm:SS.sss (local time unless it ends with Z or +hh:mm),
                                  --by-duration PnDTnHnMnS (that long before now); offsets stay within each log.
                                  Prints the new offsets; changes them only with --execute
          --delete-offsets        deletes the group's committed offsets of the partitions (T: all of them)
          --delete                deletes groups with no active members
          --command-config        client properties (Kafka's properties format), e.g. security settings
          --output json           one JSON document instead of tables

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message) or no
        answer, 1 also for invalid arguments.
        """;

    public const string ConsoleProducer = """
        Usage:
          kafkanet console-producer --bootstrap-server HOST:PORT[,...] --topic T
                                    [--producer.config FILE | --command-config FILE] [--producer-property k=v]...
                                    [--property NAME=VALUE]... [--request-required-acks all|-1|1|0]
                                    [--compression-codec none|gzip|snappy|lz4|zstd] [--sync]

        console-producer sends one record per line read from stdin until its end, as Kafka's
        kafka-console-producer does.
          --producer.config, --command-config
                                  client properties (Kafka's properties format), e.g. security settings
          --producer-property     a client property, after the file's
          --request-required-acks all (the default), 1 or 0
          --compression-codec     none (the default), gzip, snappy, lz4 or zstd
          --sync                  each record is acknowledged before the next line is read
          --property parse.key=true              the line is KEY{key.separator}VALUE
          --property key.separator=SEP           default \t (a tab)
          --property parse.headers=true          the line starts with headers: H:V,H:V{headers.delimiter}
          --property headers.delimiter=SEP       default \t
          --property headers.separator=SEP       between headers, default ,
          --property headers.key.separator=SEP   between a header's name and value, default :
                                                 (a header without it has no value)
        Separators may be written with \t, \n, \r and \\ escapes.

        Exit codes: 0 every record acknowledged, 1 an error (a line without a separator it needs, or a
        record refused, printed with its Kafka error name), 1 also for invalid arguments.
        """;

    public const string ConsoleConsumer = """
        Usage:
          kafkanet console-consumer --bootstrap-server HOST:PORT[,...] --topic T
                                    [--group G] [--from-beginning] [--partition P [--offset N|earliest|latest]]
                                    [--max-messages N] [--timeout-ms MS] [--isolation-level read_committed|read_uncommitted]
                                    [--consumer.config FILE | --command-config FILE] [--consumer-property k=v]...
                                    [--property NAME=VALUE]... [--skip-message-on-error]

        console-consumer prints a topic's records to stdout, as Kafka's kafka-console-consumer does, and
        "Processed a total of N messages" to stderr when it ends.
          --group                 subscribe as this consumer group and commit what was printed; without it,
                                  every partition is assigned to the consumer and nothing is committed
          --from-beginning        start at the earliest offset (with --group: where the group has no
                                  committed offset); otherwise at the end
          --partition, --offset   read one partition from an offset, earliest or latest (the default)
          --max-messages          end after N records
          --timeout-ms            end when no record arrives for MS milliseconds
          --skip-message-on-error skip a record the client cannot read instead of ending
          --property print.key|print.value|print.timestamp|print.partition|print.offset|print.headers=true|false
                                  fields printed, in the order timestamp, partition, offset, headers, key,
                                  value (only print.value is on by default)
          --property key.separator=SEP      between fields, default \t
          --property line.separator=SEP     after each record, default \n
          --property headers.separator=SEP  between headers, default ,
          --property null.literal=TEXT      printed for a null key, value or header, default null
        e.g. CreateTime:1700000000000\tPartition:0\tOffset:5\tkey\tvalue

        Exit codes: 0 done (after --max-messages, --timeout-ms or Ctrl+C), 1 an error (printed with its
        Kafka error name), 1 also for invalid arguments.
        """;

    public const string Transactions = """
        Usage:
          kafkanet transactions --bootstrap-server HOST:PORT[,...] [--command-config FILE] [--output json] COMMAND
            list [--duration-filter MS] [--producer-id-filter ID[,ID...]] [--transactional-id-pattern REGEX]
            describe --transactional-id ID
            describe-producers --topic T --partition P [--broker-id N]
            abort --topic T --partition P (--start-offset N | --producer-id ID --producer-epoch E --coordinator-epoch C)
            find-hanging (--broker-id N | --topic T [--partition P]) [--max-transaction-timeout MINUTES]

        transactions shows the transactional state of producers and recovers from hanging transactions, as Kafka's
        kafka-transactions does.
          list                    every broker's transactions: id, coordinator, producer id and state;
                                  --duration-filter: only those running longer than MS (ListTransactions v1),
                                  --transactional-id-pattern: only ids the expression matches whole (v2)
          describe                the transaction of an id, from its coordinator: producer id and epoch, state,
                                  timeout, start time and duration (None when no transaction is open), partitions
          describe-producers      the active producers of a partition on its leader (or --broker-id): epoch,
                                  coordinator epoch, last sequence and timestamp, start offset of the open
                                  transaction (None when there is none)
          abort                   writes an ABORT marker for the producer whose open transaction starts at
                                  --start-offset, or for the one given, to the partition's leader; prints nothing
          find-hanging            open transactions, on the broker's partitions or the topic's, whose producer last
                                  wrote more than --max-transaction-timeout minutes ago (default 15) and that their
                                  coordinator will never end: their producer has no transactional id, or its
                                  transaction no longer counts the partition
          --command-config        client properties (Kafka's properties format); connections are PLAINTEXT
          --output json           one JSON document instead of a table

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message) or no
        answer, 1 also for invalid arguments.
        """;

    public const string LogDirs = """
        Usage:
          kafkanet log-dirs --bootstrap-server HOST:PORT[,...] [--command-config FILE] --describe
                            [--topic-list T1,T2,...] [--broker-list 1,2,...]

        log-dirs prints each broker's log directories and the size of every partition in them (in bytes, all its
        segments), as Kafka's kafka-log-dirs does: two lines, then one JSON line
        {"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"orders-0","size":123,"offsetLag":0,
        "isFuture":false}],"error":null,"logDir":"/data"}]}],"version":1}.
          --topic-list            only these topics' partitions (default: all)
          --broker-list           only these brokers (default: all); a broker not in the cluster is an error
          --command-config        client properties (Kafka's properties format); connections are PLAINTEXT

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message), no answer or
        an unknown broker, 1 also for invalid arguments.
        """;

    public const string LeaderElection = """
        Usage:
          kafkanet leader-election --bootstrap-server HOST:PORT[,...] [--admin.config FILE | --command-config FILE]
                                   --election-type PREFERRED|UNCLEAN
                                   (--topic T --partition P | --all-topic-partitions | --path-to-json-file FILE)
                                   [--output json]

        leader-election elects new leaders, as Kafka's kafka-leader-election does.
          --election-type PREFERRED  each partition's first replica becomes its leader, if it is in the ISR
          --election-type UNCLEAN    a partition without a leader takes any live replica, even out of the ISR
          --all-topic-partitions     every partition (only those elected are reported)
          --path-to-json-file        {"partitions": [{"topic": "orders", "partition": 0}, ...]}
          --admin.config, --command-config
                                     client properties (Kafka's properties format), e.g. security settings
          --output json              one JSON document: {"electionType", "partitions": [{"topic", "partition",
                                     "status": "elected"|"alreadyElected"|"failed", "error"}]}

        Exit codes: 0 done (also when a valid leader was already elected), 1 a partition could not be elected
        (printed with its Kafka error name) or no answer, 1 also for invalid arguments.
        """;

    public const string ReassignPartitions = """
        Usage:
          kafkanet reassign-partitions --bootstrap-server HOST:PORT[,...] [--command-config FILE] ACTION
            --generate --topics-to-move-json-file FILE --broker-list 1,2,3 [--output json]
            --execute --reassignment-json-file FILE [--additional] [--throttle BYTES_PER_SEC]
            --verify --reassignment-json-file FILE [--output json]
            --list [--output json]
            --cancel --reassignment-json-file FILE

        reassign-partitions moves partitions' replicas between brokers, as Kafka's kafka-reassign-partitions does.
          --generate   prints the current assignment of the topics ({"topics": [{"topic": "orders"}], "version": 1})
                       and a proposed one over the brokers listed; changes nothing
          --execute    prints the current assignment (to roll back with) and starts moving each partition of the
                       file ({"version": 1, "partitions": [{"topic": "orders", "partition": 0, "replicas": [1,2]}]})
                       to its replicas; --additional even while other reassignments are in progress. --throttle is
                       refused: no replication throttle is set, and nothing is moved, when it is given
          --verify     whether each partition of the file has reached its replicas or is still moving
          --list       the reassignments in progress, with the replicas being added and removed
          --cancel     reverts the reassignments of the file's partitions that are in progress
        --output json prints one JSON document: {"current": ..., "proposed": ...} (the two documents above) for
        --generate, {"partitions": [{"topic", "partition", "currentReplicas", "targetReplicas", "done"}]} for
        --verify, {"reassignments": [{"topic", "partition", "replicas", "addingReplicas", "removingReplicas"}]} for --list.
        Only "any" is taken as a partition's log_dirs: replicas are not moved between log directories.

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message), no answer or a
        file that cannot be used, 1 also for invalid arguments.
        """;

    public const string Acls = """
        Usage:
          kafkanet acls --bootstrap-server HOST:PORT[,...] [--command-config FILE] [--output json] (--add | --remove | --list)
                        [--topic T]... [--group G]... [--cluster] [--transactional-id ID]...
                        [--resource-pattern-type LITERAL|PREFIXED|MATCH|ANY]
                        [--allow-principal P]... [--deny-principal P]... [--allow-host H]... [--deny-host H]...
                        [--operation OP]... [--producer [--idempotent]] [--consumer] [--principal P]... [--force]

        acls adds, removes and lists access control lists, as Kafka's kafka-acls does.
          --allow-principal, --deny-principal  Type:name, e.g. User:alice (hosts default to *)
          --operation     All (the default), Read, Write, Create, Delete, Alter, Describe, ClusterAction,
                          DescribeConfigs, AlterConfigs, IdempotentWrite
          --producer      Write, Describe and Create on the topics (Write and Describe on transactional ids;
                          IdempotentWrite on the cluster with --idempotent)
          --consumer      Read and Describe on the topics, Read on the groups
          --resource-pattern-type  LITERAL (the default) or PREFIXED; MATCH and ANY only filter --list and --remove
          --principal     with --list, only the ACLs of this principal
          --force         --remove without asking for confirmation on stdin
          --output json   one JSON document: {"acls": [...]} for --list, {"created": [...]} for --add,
                          {"removed": [...]} for --remove (its questions then go to stderr)
        A cluster without an authorizer (authorizer.class.name empty) refuses --add, --remove and --list with
        SECURITY_DISABLED.

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message) or no answer,
        1 also for invalid arguments.
        """;

    public const string DumpLog = """
        Usage:
          kafkanet dump-log --files FILE[,FILE...] [--print-data-log] [--deep-iteration] [--skip-record-metadata]
                            [--offsets-decoder | --transaction-log-decoder | --cluster-metadata-decoder]
                            [--verify-index-only] [--index-sanity-check] [--max-bytes BYTES] [--max-message-size BYTES]

        dump-log prints a broker's log files without a running broker, as Kafka's kafka-dump-log does, by
        suffix: .log (one line per batch), .index, .timeindex, .snapshot (producer state), .txnindex, and
        .checkpoint (a metadata snapshot in Kafka's layout).
          --print-data-log        also print each record's key and payload (as UTF-8); implies --deep-iteration
          --deep-iteration        print one line per record, decompressing compressed batches
          --skip-record-metadata  print only the key and payload of each record
          --offsets-decoder       decode __consumer_offsets records (offset commits, group metadata) as JSON
          --transaction-log-decoder
                                  decode __transaction_state records
          --cluster-metadata-decoder
                                  decode metadata log records as JSON
          --verify-index-only     check .index and .timeindex entries against the .log without printing them
          --index-sanity-check    run the check the broker runs on startup; print whether the index passed
          --max-bytes             read at most BYTES of each .log file
          --max-message-size      bytes read at each .index entry to find its batch (default 5242880)
          --key-decoder-class, --value-decoder-class
                                  accepted for the string decoder only (no value, or Kafka's StringDecoder)

        A batch whose CRC does not match prints isvalid: false. Bytes that are no whole batch end the dump
        of the file with "Invalid batch at position P: why" and "Found N invalid bytes at the end of F".
        Index mismatches, time index errors and non-consecutive offsets are printed to stderr at the end.

        Exit codes: 0 done (damaged files included, as Kafka), 1 a file could not be read, 1 also for
        invalid arguments.
        """;

    public const string Configs = """
        Usage:
          kafkanet configs --bootstrap-server HOST:PORT[,...] [--command-config FILE] [--output json] ENTITY ACTION
            ENTITY: --entity-type topics|brokers|broker-loggers|clients|users [--entity-name NAME | --entity-default]
                    (clients and users may be given together), or --topic NAME, --broker ID, --broker-defaults,
                    --broker-logger ID, --client ID, --client-defaults, --user NAME, --user-defaults
            --describe [--all]
            --alter [--add-config k1=v1,k2=[a,b] | --add-config-file FILE] [--delete-config k1,k2]

        configs describes and alters the configs of topics, brokers and broker loggers, as Kafka's kafka-configs
        does (through IncrementalAlterConfigs). A broker without broker loggers is reported as such.
          --describe              the configs set on each entity (without a name: every topic, or every broker and
                                  the brokers' cluster-wide default), with their synonyms; --all: every config
          --alter                 sets the configs of --add-config (square brackets group a value with commas) or
                                  of a properties file, and removes those of --delete-config (which must be set)
          --entity-default        the cluster-wide default of brokers, clients or users
          clients, users          client quotas (producer_byte_rate, consumer_byte_rate, request_percentage,
                                  controller_mutation_rate), through DescribeClientQuotas and AlterClientQuotas;
                                  for users also SCRAM credentials (SCRAM-SHA-256, SCRAM-SHA-512)
          --command-config        client properties (Kafka's properties format), e.g. security settings
          --output json           one JSON document instead of Kafka's lines

        Exit codes: 0 done, 1 an error answer (printed as its Kafka error name and message), no answer or a
        broker without what is asked, 1 also for invalid arguments.
        """;

    public const string GetOffsets = """
        Usage:
          kafkanet get-offsets --bootstrap-server HOST:PORT[,...] [--command-config FILE] [--output json]
                               [--topic REGEX] [--partitions P,P] | [--topic-partitions REGEX:P,REGEX:FROM-TO,...]
                               [--time latest|earliest|max-timestamp|-1|-2|-3|TIMESTAMP_MS] [--exclude-internal-topics]

        get-offsets prints the offset of each matching partition as TOPIC:PARTITION:OFFSET, as Kafka's
        kafka-get-offsets does (sorted by "TOPIC-PARTITION" as text).
          --topic                 a regular expression matching whole topic names (default: every topic)
          --partitions            only these partitions
          --topic-partitions      instead of --topic and --partitions: TOPIC_REGEX[:PARTITIONS] rules where
                                  PARTITIONS is N, FROM-TO (TO excluded), FROM- or -TO
          --time                  latest (-1, the default): the log end offset; earliest (-2): the log start offset;
                                  max-timestamp (-3): the record with the largest timestamp; TIMESTAMP_MS: the first
                                  offset whose timestamp is at or after it (a partition with none is left out)
          --exclude-internal-topics
                                  leave out internal topics such as __consumer_offsets
          --command-config        client properties (Kafka's properties format), e.g. security settings
          --output json           one JSON document instead of lines

        Exit codes: 0 done (a partition the broker refused is reported on stderr and skipped), 1 no partition
        matched, an error answer or no answer, 1 also for invalid arguments.
        """;

    public const string DeleteRecords = """
        Usage:
          kafkanet delete-records --bootstrap-server HOST:PORT[,...] --offset-json-file FILE [--command-config FILE]
                                  [--output json]

        delete-records deletes the records of each partition below the offset given, as Kafka's
        kafka-delete-records does, and prints each partition's new low watermark (log start offset).
          --offset-json-file      {"partitions": [{"topic": "orders", "partition": 0, "offset": 3}], "version": 1};
                                  offset -1 is the partition's high watermark (every record)
          --command-config        client properties (Kafka's properties format), e.g. security settings
          --output json           one JSON document: {"partitions": [{"topic", "partition", "lowWatermark", "error"}]}

        Exit codes: 0 done, 1 a partition failed (its line says why), an unreadable file or no answer,
        1 also for invalid arguments.
        """;
}
