using KafkaNet.Cli.DumpLog;

namespace KafkaNet.Cli.Tests.DumpLog;

public sealed class DumpLogArgumentsTests
{
    [Fact]
    public async Task Files_are_required()
    {
        var run = await DumpLogRun.RunAsync("--print-data-log");
        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: Missing required argument \"[files]\"\n\nUsage:\n  kafkanet dump-log", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_java_decoder_class_is_refused()
    {
        var run = await DumpLogRun.RunAsync("--files", "a.log", "--value-decoder-class", "com.example.AvroDecoder");
        Assert.Equal(1, run.Exit);
        Assert.StartsWith("error: --value-decoder-class names a Java class ('com.example.AvroDecoder')", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoders_imply_printing_and_the_string_decoder_is_accepted()
    {
        var offsets = DumpLogArguments.Parse(["--files", "a.log,b.index", "--offsets-decoder"]);
        Assert.Equal(["a.log", "b.index"], offsets.Files);
        Assert.True(offsets.PrintDataLog);
        Assert.True(offsets.ReadsRecords);
        Assert.Equal(RecordDecoder.Offsets, offsets.Decoder);

        var text = DumpLogArguments.Parse(["--files", "a.log", "--key-decoder-class", "org.apache.kafka.tools.api.StringDecoder"]);
        Assert.True(text.PrintDataLog);
        Assert.Equal(RecordDecoder.String, text.Decoder);

        Assert.Throws<Cli.Arguments.UsageException>(() => DumpLogArguments.Parse(["--files", "a.log", "--offsets-decoder", "--transaction-log-decoder"]));
        Assert.Throws<Cli.Arguments.UsageException>(() => DumpLogArguments.Parse(["--files", "a.log", "--max-bytes", "0"]));
    }

    [Fact]
    public async Task A_missing_file_fails_and_unknown_files_are_ignored()
    {
        string dir = Directory.CreateTempSubdirectory("kafkanet-dump-args-").FullName;
        try
        {
            string checkpoint = Path.Combine(dir, "leader-epoch-checkpoint");
            File.WriteAllText(checkpoint, "0\n0\n");
            string missing = Path.Combine(dir, "00000000000000000000.log");
            var run = await DumpLogRun.RunAsync("--files", $"{checkpoint},{missing}");
            Assert.Equal(1, run.Exit);
            Assert.Equal($"Dumping {checkpoint}\nDumping {missing}\n", run.Out);
            Assert.Equal($"Ignoring unknown file {checkpoint}\nerror: {missing} does not exist.\n", run.Error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
