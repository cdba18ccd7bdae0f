namespace KafkaNet.Cli.Arguments;

/// <summary>The help text printed for --help and after any invalid argument.</summary>
internal static class Usage
{
    public const string Text = """
        Usage:
          kafkanet perf produce --bootstrap-server HOST:PORT --topic T --num-records N --record-size BYTES
                                [--acks 0|1|all] [--compression none|gzip|snappy|lz4|zstd]
                                [--linger-ms MS] [--batch-size BYTES] [--partitions P]
                                [--throughput RECORDS_PER_SEC] [--producer-props k=v ...] [--json]
          kafkanet perf consume --bootstrap-server HOST:PORT --topic T --messages N
                                [--timeout-ms MS] [--fetch-max-bytes BYTES] [--consumer-props k=v ...] [--json]

        perf produce   Sends N records of BYTES each and reports throughput and latency percentiles
                       (latency: from the Produce call to the delivery report).
          --partitions     create the topic with P partitions if it does not exist
          --throughput     target records per second; -1 (the default) is unlimited
        perf consume   Reads the topic from the beginning of every partition (no consumer group)
                       until N records or --timeout-ms (default 10000) without a record.
          --json           print the final result as one JSON object instead of text

        Exit codes: 0 done, 1 the run failed or records were not delivered, 2 invalid arguments.
        """;
}
