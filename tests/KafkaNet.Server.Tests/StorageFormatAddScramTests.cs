using KafkaNet.Broker;
using KafkaNet.Cluster.Controller;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Server.Tests;

/// <summary><c>kafkanet-server format --add-scram</c>: the bootstrap file beside meta.properties, or nothing at all on a bad value.</summary>
public sealed class StorageFormatAddScramTests : IDisposable
{
    private const string ClusterId = "MkU3OEVBNTcwNTJENDM2Qk";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kafkanet-format-scram-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private string BootstrapFile => Path.Combine(_dataDirectory, BootstrapRecordsFile.FileName);

    private string[] Format(params string[] extra) =>
        ["--override", "node.id=1", "--override", "log.dirs=" + _dataDirectory, "--cluster-id", ClusterId, .. extra];

    [Fact]
    public async Task Each_add_scram_becomes_a_credential_record_in_the_bootstrap_file_in_the_order_given()
    {
        Assert.Equal(0, await StorageFormatCommand.RunAsync(Format(
            "--add-scram", "SCRAM-SHA-512=[name=alice,password=alice-secret]",
            "-S", "SCRAM-SHA-256=[name=bob,iterations=8192,password=bob-secret]")));

        var records = BootstrapRecordsFile.Read(_dataDirectory).Select(r => Assert.IsType<UserScramCredentialRecord>(r.Message)).ToList();
        Assert.Equal([("alice", (sbyte)2, 4096), ("bob", (sbyte)1, 8192)], records.Select(r => (r.Name, r.Mechanism, r.Iterations)));
        Assert.Equal("KNBR"u8.ToArray(), File.ReadAllBytes(BootstrapFile)[..4]);
        Assert.Equal(ClusterId, MetaProperties.LoadOrCreateClusterId(_dataDirectory, 1, null));
        // The password itself is nowhere in the file.
        Assert.DoesNotContain("alice-secret", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(BootstrapFile)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_add_scram_there_is_no_bootstrap_file()
    {
        Assert.Equal(0, await StorageFormatCommand.RunAsync(Format()));

        Assert.True(File.Exists(Path.Combine(_dataDirectory, MetaProperties.FileName)));
        Assert.False(File.Exists(BootstrapFile));
        Assert.Empty(BootstrapRecordsFile.Read(_dataDirectory));
    }

    [Fact]
    public async Task A_bad_value_is_an_invalid_argument_that_formats_nothing_and_does_not_echo_the_password()
    {
        var error = new StringWriter();
        var original = Console.Error;
        int code;
        Console.SetError(error);
        try
        {
            code = await StorageFormatCommand.RunAsync(Format("--add-scram", "SCRAM-SHA-256=[name=alice,password=alices-own-word,iterations=99]"));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, code);
        Assert.StartsWith("kafkanet-server format: The 'iterations' value must be >= 4096 for add-scram using SCRAM_SHA_256\n", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("alices-own-word", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDirectory));
    }

    [Fact]
    public async Task Add_scram_needs_a_value()
    {
        Assert.Equal(2, await StorageFormatCommand.RunAsync(Format("--add-scram")));
        Assert.False(Directory.Exists(_dataDirectory));
    }

    [Fact]
    public async Task A_directory_formatted_already_keeps_its_bootstrap_file()
    {
        Assert.Equal(0, await StorageFormatCommand.RunAsync(Format("-S", "SCRAM-SHA-512=[name=alice,password=alice-secret]")));
        byte[] before = File.ReadAllBytes(BootstrapFile);

        Assert.Equal(1, await StorageFormatCommand.RunAsync(Format("-S", "SCRAM-SHA-512=[name=mallory,password=mallory-secret]")));
        Assert.Equal(0, await StorageFormatCommand.RunAsync(Format("-g", "-S", "SCRAM-SHA-512=[name=mallory,password=mallory-secret]")));

        Assert.Equal(before, File.ReadAllBytes(BootstrapFile));
    }

    [Fact]
    public async Task A_damaged_bootstrap_file_is_reported_not_half_read()
    {
        Assert.Equal(0, await StorageFormatCommand.RunAsync(Format("-S", "SCRAM-SHA-512=[name=alice,password=alice-secret]")));
        byte[] bytes = File.ReadAllBytes(BootstrapFile);
        bytes[^1] ^= 0x5a;
        File.WriteAllBytes(BootstrapFile, bytes);

        Assert.Contains("is damaged", Assert.Throws<InvalidDataException>(() => BootstrapRecordsFile.Read(_dataDirectory)).Message, StringComparison.Ordinal);
    }
}
