namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>`kafkanet dump-log` over files a broker wrote and closed (see <see cref="DumpLogFixture"/>).</summary>
[Collection(DumpLogFixture.Collection)]
public sealed class DumpLogCommandTests(DumpLogFixture data)
{
    [Fact]
    public async Task Plain_segment_prints_batches_and_records()
    {
        var run = await SucceedAsync("--files", data.SegmentFile(DumpLogFixture.Plain, ".log"), "--print-data-log");
        Assert.Equal(
            """
            Dumping plain-0/00000000000000000000.log
            Log starting offset: 0
            baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000002 size: 91 magic: 2 compresscodec: none crc: 3905825679 isvalid: true
            | offset: 0 CreateTime: 1700000000000 keySize: -1 valueSize: 3 sequence: -1 headerKeys: [] payload: abc
            | offset: 1 CreateTime: 1700000000001 keySize: -1 valueSize: 3 sequence: -1 headerKeys: [] payload: def
            | offset: 2 CreateTime: 1700000000002 keySize: -1 valueSize: 3 sequence: -1 headerKeys: [] payload: ghi
            baseOffset: 3 lastOffset: 3 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 91 CreateTime: 1700000000005 size: 88 magic: 2 compresscodec: none crc: 2362474919 isvalid: true
            | offset: 3 CreateTime: 1700000000005 keySize: 1 valueSize: 5 sequence: -1 headerKeys: [h1,h2] key: k payload: hello

            """,
            Masked(run.Out));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Skip_record_metadata_prints_only_keys_and_payloads()
    {
        var run = await SucceedAsync("--files", data.SegmentFile(DumpLogFixture.Plain, ".log"), "--print-data-log", "--skip-record-metadata");
        Assert.Equal(
            """
            Dumping plain-0/00000000000000000000.log
            Log starting offset: 0
            baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000002 size: 91 magic: 2 compresscodec: none crc: 3905825679 isvalid: true
             payload: abc
             payload: def
             payload: ghi
            baseOffset: 3 lastOffset: 3 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 91 CreateTime: 1700000000005 size: 88 magic: 2 compresscodec: none crc: 2362474919 isvalid: true
            | key: k payload: hello

            """,
            Masked(run.Out));
    }

    [Fact]
    public async Task Compressed_batches_are_inflated_for_deep_iteration()
    {
        var run = await SucceedAsync("--files", data.SegmentFile(DumpLogFixture.Compressed, ".log"), "--deep-iteration");
        Assert.Equal(
            """
            Dumping compressed-0/00000000000000000000.log
            Log starting offset: 0
            baseOffset: 0 lastOffset: 1 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000010 size: 103 magic: 2 compresscodec: gzip crc: 1403507651 isvalid: true
            | offset: 0 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            | offset: 1 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            baseOffset: 2 lastOffset: 3 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 103 CreateTime: 1700000000010 size: 94 magic: 2 compresscodec: snappy crc: 1323701601 isvalid: true
            | offset: 2 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            | offset: 3 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            baseOffset: 4 lastOffset: 5 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 197 CreateTime: 1700000000010 size: 107 magic: 2 compresscodec: lz4 crc: 1058009613 isvalid: true
            | offset: 4 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            | offset: 5 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            baseOffset: 6 lastOffset: 7 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 304 CreateTime: 1700000000010 size: 98 magic: 2 compresscodec: zstd crc: 1596796289 isvalid: true
            | offset: 6 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []
            | offset: 7 CreateTime: 1700000000010 keySize: 1 valueSize: 100 sequence: -1 headerKeys: []

            """,
            Masked(run.Out));
    }

    [Fact]
    public async Task Transactions_show_markers_snapshots_and_aborted_transactions()
    {
        string dir = data.PartitionDir(DumpLogFixture.Transactional);
        var files = Directory.GetFiles(dir).Where(f => !f.EndsWith("checkpoint", StringComparison.Ordinal) && !f.EndsWith(".metadata", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var run = await SucceedAsync("--files", string.Join(',', files), "--print-data-log");
        Assert.Equal(
            """
            Dumping transactional-0/00000000000000000000.index
            transactional-0/00000000000000000000.index is empty.
            Dumping transactional-0/00000000000000000000.log
            Log starting offset: 0
            baseOffset: 0 lastOffset: 1 count: 2 baseSequence: 0 lastSequence: 1 producerId: 0 producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000021 size: 83 magic: 2 compresscodec: none crc: 2172473122 isvalid: true
            | offset: 0 CreateTime: 1700000000020 keySize: 1 valueSize: 3 sequence: 0 headerKeys: [] key: t payload: one
            | offset: 1 CreateTime: 1700000000021 keySize: 1 valueSize: 3 sequence: 1 headerKeys: [] key: t payload: two
            Dumping transactional-0/00000000000000000000.timeindex
            timestamp: 1700000000021 offset: 1
            Dumping transactional-0/00000000000000000002.index
            transactional-0/00000000000000000002.index is empty.
            Dumping transactional-0/00000000000000000002.log
            Log starting offset: 2
            baseOffset: 2 lastOffset: 2 count: 1 baseSequence: -1 lastSequence: -1 producerId: 0 producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: true deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: NOW size: 78 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 2 CreateTime: NOW keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 0
            baseOffset: 3 lastOffset: 3 count: 1 baseSequence: 2 lastSequence: 2 producerId: 0 producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: false deleteHorizonMs: OptionalLong.empty position: 78 CreateTime: 1700000000022 size: 73 magic: 2 compresscodec: none crc: 2354362035 isvalid: true
            | offset: 3 CreateTime: 1700000000022 keySize: 1 valueSize: 4 sequence: 2 headerKeys: [] key: t payload: gone
            baseOffset: 4 lastOffset: 4 count: 1 baseSequence: -1 lastSequence: -1 producerId: 0 producerEpoch: 0 partitionLeaderEpoch: 0 isTransactional: true isControl: true deleteHorizonMs: OptionalLong.empty position: 151 CreateTime: NOW size: 78 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 4 CreateTime: NOW keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: ABORT coordinatorEpoch: 0
            Dumping transactional-0/00000000000000000002.snapshot
            producerId: 0 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong[0] lastTimestamp: 1700000000021 firstSequence: 0 lastSequence: 1 lastOffset: 1 offsetDelta: 1 timestamp: 1700000000021
            Dumping transactional-0/00000000000000000002.timeindex
            Dumping transactional-0/00000000000000000002.txnindex
            version: 0 producerId: 0 firstOffset: 3 lastOffset: 4 lastStableOffset: 5
            Dumping transactional-0/00000000000000000005.snapshot
            producerId: 0 producerEpoch: 0 coordinatorEpoch: 0 currentTxnFirstOffset: OptionalLong.empty lastTimestamp: NOW firstSequence: 2 lastSequence: 2 lastOffset: 3 offsetDelta: 0 timestamp: NOW

            """,
            Masked(run.Out));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Indexes_are_printed_and_checked_against_the_log()
    {
        string index = data.SegmentFile(DumpLogFixture.Indexed, ".index");
        string timeIndex = data.SegmentFile(DumpLogFixture.Indexed, ".timeindex");
        var run = await SucceedAsync("--files", $"{index},{timeIndex}");
        Assert.Equal(
            """
            Dumping indexed-0/00000000000000000000.index
            offset: 1 position: 5072
            offset: 2 position: 10144
            Dumping indexed-0/00000000000000000000.timeindex
            timestamp: 1700000000031 offset: 1
            timestamp: 1700000000032 offset: 2

            """,
            Masked(run.Out));
        Assert.Empty(run.Error);

        var verified = await SucceedAsync("--files", $"{index},{timeIndex}", "--verify-index-only");
        Assert.Equal(
            """
            Dumping indexed-0/00000000000000000000.index
            Dumping indexed-0/00000000000000000000.timeindex

            """,
            Masked(verified.Out));
        Assert.Empty(verified.Error);

        var sanity = await SucceedAsync("--files", $"{index},{timeIndex}", "--index-sanity-check");
        Assert.Equal(
            """
            Dumping indexed-0/00000000000000000000.index
            indexed-0/00000000000000000000.index passed sanity check.
            Dumping indexed-0/00000000000000000000.timeindex
            indexed-0/00000000000000000000.timeindex passed sanity check.

            """,
            Masked(sanity.Out));
    }

    [Fact]
    public async Task Offsets_decoder_shows_group_metadata_and_offset_commits()
    {
        var run = await SucceedAsync("--files", data.OffsetsSegment(), "--offsets-decoder");
        Assert.Equal(
            """
            Dumping __consumer_offsets-36/00000000000000000000.log
            Log starting offset: 0
            baseOffset: 0 lastOffset: 0 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: NOW size: 302 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 0 CreateTime: NOW keySize: 14 valueSize: 218 sequence: -1 headerKeys: [] key: {"type":"2","data":{"group":"dump-group"}} payload: {"version":"3","data":{"protocolType":"consumer","generation":1,"protocol":"range","leader":"rdkafka-MEMBER","currentStateTimestamp":NOW,"members":[{"memberId":"rdkafka-MEMBER","groupInstanceId":null,"clientId":"rdkafka","clientHost":"/127.0.0.1","rebalanceTimeout":300000,"sessionTimeout":45000,"subscription":{"topics":["plain"],"userData":"","ownedPartitions":[],"generationId":-1,"rackId":""},"assignment":{"assignedPartitions":[{"topic":"plain","partitions":[0]}],"userData":""}}]}}
            baseOffset: 1 lastOffset: 1 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 302 CreateTime: NOW size: 117 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 1 CreateTime: NOW keySize: 25 valueSize: 24 sequence: -1 headerKeys: [] key: {"type":"1","data":{"group":"dump-group","topic":"plain","partition":0}} payload: {"version":"3","data":{"offset":4,"leaderEpoch":0,"metadata":"","commitTimestamp":NOW}}
            baseOffset: 2 lastOffset: 2 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 419 CreateTime: NOW size: 114 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 2 CreateTime: NOW keySize: 14 valueSize: 32 sequence: -1 headerKeys: [] key: {"type":"2","data":{"group":"dump-group"}} payload: {"version":"3","data":{"protocolType":"consumer","generation":2,"protocol":null,"leader":null,"currentStateTimestamp":NOW,"members":[]}}

            """,
            Masked(run.Out));
    }

    [Fact]
    public async Task Transaction_log_decoder_shows_the_transaction_states()
    {
        string segment = Directory.GetDirectories(data.DataDirectory, "__transaction_state-*")
            .Select(d => Path.Combine(d, "00000000000000000000.log"))
            .Single(f => new FileInfo(f).Length > 0);
        var run = await SucceedAsync("--files", segment, "--transaction-log-decoder");
        Assert.Equal(
            """
            Dumping __transaction_state-47/00000000000000000000.log
            Log starting offset: 0
            baseOffset: 0 lastOffset: 0 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: NOW size: 117 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 0 CreateTime: NOW keySize: 12 valueSize: 37 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=Empty,partitions=[],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000
            baseOffset: 1 lastOffset: 1 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 117 CreateTime: NOW size: 141 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 1 CreateTime: NOW keySize: 12 valueSize: 60 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=Ongoing,partitions=[transactional-0],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000
            baseOffset: 2 lastOffset: 2 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 258 CreateTime: NOW size: 141 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 2 CreateTime: NOW keySize: 12 valueSize: 60 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=PrepareCommit,partitions=[transactional-0],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000
            baseOffset: 3 lastOffset: 3 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 399 CreateTime: NOW size: 117 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 3 CreateTime: NOW keySize: 12 valueSize: 37 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=CompleteCommit,partitions=[],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000
            baseOffset: 4 lastOffset: 4 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 516 CreateTime: NOW size: 141 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 4 CreateTime: NOW keySize: 12 valueSize: 60 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=Ongoing,partitions=[transactional-0],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000
            baseOffset: 5 lastOffset: 5 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 657 CreateTime: NOW size: 141 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 5 CreateTime: NOW keySize: 12 valueSize: 60 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=PrepareAbort,partitions=[transactional-0],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000
            baseOffset: 6 lastOffset: 6 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 798 CreateTime: NOW size: 117 magic: 2 compresscodec: none crc: CRC isvalid: true
            | offset: 6 CreateTime: NOW keySize: 12 valueSize: 37 sequence: -1 headerKeys: [] key: transaction_metadata::transactionalId=dump-txn payload: producerId:0,producerEpoch:0,state=CompleteAbort,partitions=[],txnLastUpdateTimestamp=NOW,txnTimeoutMs=60000

            """,
            Masked(run.Out));
    }

    private string Masked(string text) => DumpLogOutput.Mask(text, data.DataDirectory);

    private static async Task<CommandRun> SucceedAsync(params string[] args)
    {
        var run = await DumpLogRun.RunAsync(args);
        Assert.True(run.Exit == 0, run.ToString());
        return run;
    }
}
