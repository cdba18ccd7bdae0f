namespace KafkaNet.Cli.Tests.DumpLog;

/// <summary>`kafkanet dump-log` over damaged copies of files a broker wrote: damage is reported, never thrown.</summary>
[Collection(DumpLogFixture.Collection)]
public sealed class DumpLogDamageTests(DumpLogFixture data) : IDisposable
{
    // The plain segment: a 91-byte batch of three records at 0, then an 88-byte batch of one at 91.
    private const int SecondBatch = 91;
    private const int PlainSize = 179;

    private readonly string _dir = Directory.CreateTempSubdirectory("kafkanet-dump-damage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_flipped_byte_makes_its_batch_invalid_and_the_dump_goes_on()
    {
        string log = Copy(DumpLogFixture.Plain, ".log");
        byte[] bytes = File.ReadAllBytes(log);
        bytes[SecondBatch - 2] ^= 0xFF; // in the last record's value ("ghi")
        File.WriteAllBytes(log, bytes);

        var run = await DumpLogRun.RunAsync("--files", log);
        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n');
        Assert.EndsWith("crc: 3905825679 isvalid: false", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("baseOffset: 3 ", lines[3], StringComparison.Ordinal);
        Assert.EndsWith("crc: 2362474919 isvalid: true", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_cut_short_ends_the_dump_at_its_position()
    {
        string log = Copy(DumpLogFixture.Plain, ".log");
        using (var file = File.OpenWrite(log))
        {
            file.SetLength(SecondBatch + 40);
        }

        var run = await DumpLogRun.RunAsync("--files", log, "--deep-iteration");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal(
            $"""
            Dumping {log}
            Log starting offset: 0
            baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1700000000002 size: 91 magic: 2 compresscodec: none crc: 3905825679 isvalid: true
            | offset: 0 CreateTime: 1700000000000 keySize: -1 valueSize: 3 sequence: -1 headerKeys: []
            | offset: 1 CreateTime: 1700000000001 keySize: -1 valueSize: 3 sequence: -1 headerKeys: []
            | offset: 2 CreateTime: 1700000000002 keySize: -1 valueSize: 3 sequence: -1 headerKeys: []
            Invalid batch at position 91: 40 bytes are fewer than a record batch header (61 bytes)
            Found 40 invalid bytes at the end of 00000000000000000000.log

            """,
            run.Out);
    }

    [Fact]
    public async Task A_batch_whose_length_runs_past_the_file_is_reported_by_position()
    {
        string log = Copy(DumpLogFixture.Plain, ".log");
        using (var file = File.OpenWrite(log))
        {
            file.SetLength(PlainSize - 10);
        }

        var run = await DumpLogRun.RunAsync("--files", log);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.EndsWith(
            """
            isvalid: true
            Invalid batch at position 91: the batch of 88 bytes at offset 3 ends past the 78 bytes left
            Found 78 invalid bytes at the end of 00000000000000000000.log

            """,
            run.Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_after_the_batches_is_reported_by_position()
    {
        string log = Copy(DumpLogFixture.Plain, ".log");
        using (var file = new FileStream(log, FileMode.Append))
        {
            file.Write(Enumerable.Repeat((byte)0x07, 100).ToArray());
        }

        var run = await DumpLogRun.RunAsync("--files", log);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.EndsWith(
            """
            isvalid: true
            Invalid batch at position 179: magic 7 is not 2: no v2 record batch starts here
            Found 100 invalid bytes at the end of 00000000000000000000.log

            """,
            run.Out,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Max_bytes_reads_only_the_batches_that_fit()
    {
        string log = data.SegmentFile(DumpLogFixture.Plain, ".log");
        var run = await DumpLogRun.RunAsync("--files", log, "--max-bytes", "100");
        Assert.True(run.Exit == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("baseOffset: 0 ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_entries_that_do_not_match_the_log_are_listed_on_stderr()
    {
        string log = Copy(DumpLogFixture.Indexed, ".log");
        string index = Copy(DumpLogFixture.Indexed, ".index");
        string timeIndex = Copy(DumpLogFixture.Indexed, ".timeindex");
        byte[] entries = File.ReadAllBytes(index);
        entries[3] = 2; // the first entry now names relative offset 2 at the position of the batch of offset 1
        File.WriteAllBytes(index, entries);
        byte[] times = File.ReadAllBytes(timeIndex);
        times[7] ^= 0x01; // the first entry's timestamp is now one off the batch's
        File.WriteAllBytes(timeIndex, times);

        var run = await DumpLogRun.RunAsync("--files", $"{index},{timeIndex}", "--verify-index-only");
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal($"Dumping {index}\nDumping {timeIndex}\n", run.Out);
        Assert.Equal(
            $"""
            Mismatches in :{index}
              Index offset: 2, log offset: 1
            Found timestamp mismatch in :{timeIndex}
              Index timestamp: 1700000000030, log timestamp: 1700000000031

            """,
            run.Error);
        Assert.True(File.Exists(log));
    }

    [Fact]
    public async Task A_snapshot_that_fails_its_crc_is_reported_on_stderr()
    {
        string snapshot = Path.Combine(_dir, "00000000000000000005.snapshot");
        File.Copy(Path.Combine(data.PartitionDir(DumpLogFixture.Transactional), "00000000000000000005.snapshot"), snapshot);
        byte[] bytes = File.ReadAllBytes(snapshot);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(snapshot, bytes);

        var run = await DumpLogRun.RunAsync("--files", snapshot);
        Assert.True(run.Exit == 0, run.ToString());
        Assert.Equal($"Dumping {snapshot}\n", run.Out);
        Assert.StartsWith("Snapshot is corrupt (CRC is no longer valid). Stored crc: ", run.Error, StringComparison.Ordinal);
    }

    private string Copy(string topic, string suffix)
    {
        string copy = Path.Combine(_dir, "00000000000000000000" + suffix);
        File.Copy(data.SegmentFile(topic, suffix), copy);
        return copy;
    }
}
