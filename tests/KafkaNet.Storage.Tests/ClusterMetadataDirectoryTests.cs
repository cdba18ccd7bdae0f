namespace KafkaNet.Storage.Tests;

public sealed class ClusterMetadataDirectoryTests
{
    [Fact]
    public void The_metadata_quorums_directory_is_never_opened_or_touched_as_a_partition_log()
    {
        using var dir = new TempDir();
        string quorum = Path.Combine(dir.Path, "__cluster_metadata-0");
        Directory.CreateDirectory(Path.Combine(quorum, "log", "data"));
        File.WriteAllText(Path.Combine(quorum, "log", "data", "0"), "raft entries");

        using (var manager = LogManager.Open(dir.Path))
        {
            Assert.Empty(manager.Logs);
            manager.GetOrCreateLog(new TopicPartition("orders", 0));
        }

        Assert.Equal("raft entries", File.ReadAllText(Path.Combine(quorum, "log", "data", "0")));
        Assert.Empty(Directory.GetFiles(quorum));
        using var reopened = LogManager.Open(dir.Path);
        Assert.Equal([new TopicPartition("orders", 0)], reopened.Logs.Keys);
    }
}
